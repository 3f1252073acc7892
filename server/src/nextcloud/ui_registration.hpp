#pragma once
// What the app registers in Nextcloud's UI on enable, and removes on disable (NEXTCLOUD.md §5):
// the top-menu entry, its script and style, the initial state the script reads, and the admin
// declarative settings form.

#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "nextcloud/ocs_client.hpp"

namespace registre::nextcloud {

struct UiTexts {
  std::string language = "fr";  // texts of the settings form
  std::string app_version;
};

// The bodies, built once here so that tests can compare them with the captured shapes.
nlohmann::json top_menu_body(const UiTexts& texts);
nlohmann::json script_body();
nlohmann::json style_body();
nlohmann::json initial_state_body(const UiTexts& texts);
nlohmann::json admin_settings_body(const UiTexts& texts);

// The id of the admin settings form. It must not start with "<appid>_": Nextcloud's settings
// page strips that prefix when saving and the value is then silently lost (NEXTCLOUD.md §8).
inline constexpr const char* kAdminSettingsFormId = "registre-admin";

// Registers everything; stops at the first failure and says which step failed.
Status register_ui(OcsClient& client, const UiTexts& texts);

// Removes everything; an entry that is already gone (OCS 404) is fine. Tries every step even
// when one fails, so that a disable removes as much as it can.
Status unregister_ui(OcsClient& client);

}  // namespace registre::nextcloud
