#include "nextcloud/ui_registration.hpp"

#include "core/i18n.hpp"
#include "core/log.hpp"

namespace registre::nextcloud {
namespace {

constexpr const char* kUiBase = "/ocs/v1.php/apps/app_api/api/v1/ui/";
constexpr const char* kMenuName = "main";

Status expect_ok(const Result<OcsResponse>& response, const std::string& step, bool allow_missing) {
  if (!response) return response.error();
  if (response->ok() || (allow_missing && response->not_found())) return ok_status();
  return make_error(ErrorKind::upstream, "upstream",
                    "Nextcloud refused " + step + " (OCS status " +
                        std::to_string(response->ocs_status) + ")");
}

}  // namespace

nlohmann::json top_menu_body(const UiTexts& texts) {
  return {{"name", kMenuName},
          {"displayName", i18n::translate(texts.language, "app-name")},
          {"icon", "img/app.svg"},
          {"adminRequired", 0}};
}

nlohmann::json script_body() {
  // Nextcloud appends ".js" itself.
  return {{"type", "top_menu"}, {"name", kMenuName}, {"path", "js/registre-main"}, {"afterAppId", ""}};
}

nlohmann::json style_body() {
  return {{"type", "top_menu"}, {"name", kMenuName}, {"path", "css/registre-style"}};
}

nlohmann::json initial_state_body(const UiTexts& texts) {
  // The browser reaches the app through Nextcloud's proxy; the script prefixes the webroot.
  return {{"type", "top_menu"},
          {"name", kMenuName},
          {"key", "registre-config"},
          {"value",
           {{"baseUrl", "/index.php/apps/app_api/proxy/registre/"},
            {"version", texts.app_version},
            {"mode", "nextcloud"}}}};
}

nlohmann::json admin_settings_body(const UiTexts& texts) {
  const auto t = [&](const char* id) { return i18n::translate(texts.language, id); };
  return {{"formScheme",
           {{"id", kAdminSettingsFormId},
            {"priority", 10},
            {"section_type", "admin"},
            {"section_id", "registre"},
            {"title", t("settings-title")},
            {"description", t("settings-description")},
            {"doc_url", ""},
            {"fields",
             nlohmann::json::array(
                 {{{"id", "default_language"},
                   {"title", t("settings-language-title")},
                   {"description", t("settings-language-description")},
                   {"type", "select"},
                   {"options", {"fr", "en"}},
                   {"default", texts.language}},
                  {{"id", "daily_jobs_time"},
                   {"title", t("settings-jobs-time-title")},
                   {"description", t("settings-jobs-time-description")},
                   {"type", "text"},
                   {"default", "03:00"},
                   {"placeholder", "03:00"}}})}}}};
}

Status register_ui(OcsClient& client, const UiTexts& texts) {
  const std::string base = kUiBase;
  const nlohmann::json bodies[] = {top_menu_body(texts), script_body(), style_body(),
                                   initial_state_body(texts), admin_settings_body(texts)};
  const char* endpoints[] = {"top-menu", "script", "style", "initial-state", "settings"};
  for (std::size_t i = 0; i < std::size(endpoints); ++i) {
    auto status = expect_ok(client.call("POST", base + endpoints[i], &bodies[i]),
                            std::string("registering the ") + endpoints[i], false);
    if (!status) return status;
  }
  log::info("ui registered in nextcloud");
  return ok_status();
}

Status unregister_ui(OcsClient& client) {
  const std::string base = kUiBase;
  // The query and body forms below are the ones captured from Nextcloud 32 (ui.jsonl).
  const nlohmann::json script = {{"type", "top_menu"}, {"name", kMenuName}, {"path", "js/registre-main"}};
  Status steps[] = {
      expect_ok(client.call("DELETE", base + "top-menu?name=" + kMenuName), "removing the top-menu entry", true),
      expect_ok(client.call("DELETE", base + "script", &script), "removing the script", true),
      expect_ok(client.call("DELETE", base + "style?type=top_menu&name=main&path=css/registre-style"),
                "removing the style", true),
      expect_ok(client.call("DELETE", base + "initial-state?type=top_menu&name=main&key=registre-config"),
                "removing the initial state", true),
      expect_ok(client.call("DELETE", base + "settings?formId=" + std::string(kAdminSettingsFormId)),
                "removing the settings form", true),
  };
  for (auto& step : steps) {
    if (!step) return step;
  }
  log::info("ui removed from nextcloud");
  return ok_status();
}

}  // namespace registre::nextcloud
