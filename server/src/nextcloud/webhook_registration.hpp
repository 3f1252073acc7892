#pragma once
// The webhooks Registre needs from webhook_listeners (NEXTCLOUD.md §6), registered as the app
// with an empty user and a relative uri, so that Nextcloud delivers them through AppAPI, signed.
// Reconciled at each enable (list, create the missing, delete extra and duplicate ones of ours),
// removed at disable.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "nextcloud/ocs_client.hpp"

namespace registre::nextcloud {

inline constexpr const char* kWebhookUri = "/webhooks/nextcloud";
inline constexpr const char* kWebhooksPath = "/ocs/v2.php/apps/webhook_listeners/api/v1/webhooks";

// The registration body of one event class (forms.jsonl seq 1 shape, every key given).
nlohmann::json webhook_body(const std::string& event_class);

// The event classes Registre listens to (today: Forms submissions).
std::vector<std::string> wanted_webhook_events();

struct WebhookReconciliation {
  int created = 0;
  int deleted = 0;
  int kept = 0;
  std::vector<std::string> unavailable;  // event classes Nextcloud refused (app not installed)
};

// Brings the app's webhooks to exactly `events`. Nextcloud answering 404 to the list
// (webhook_listeners disabled) or 400 to a registration ("is not an event class compatible with
// webhooks": Forms not installed) is not an error: the integration is then off, and logged.
// Errors: Nextcloud unreachable, refusing the credential, or failing otherwise.
Result<WebhookReconciliation> reconcile_webhooks(OcsClient& client,
                                                 const std::vector<std::string>& events);

// DELETE .../byappid/<app id>; a 404 (webhook_listeners disabled) is fine.
Status remove_webhooks(OcsClient& client);

}  // namespace registre::nextcloud
