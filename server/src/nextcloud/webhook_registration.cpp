#include "nextcloud/webhook_registration.hpp"
#include "core/concat.hpp"

#include <algorithm>

#include "core/log.hpp"
#include "domain/webhook_delivery.hpp"

namespace registre::nextcloud {
namespace {

Error refused(const std::string& step, const OcsResponse& r) {
  return make_error(
      ErrorKind::upstream, "upstream",
      "Nextcloud refused " + step + " (OCS status " + std::to_string(r.ocs_status) + ")");
}

std::string text_of(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

nlohmann::json webhook_body(const std::string& event_class) {
  return {{"httpMethod", "POST"}, {"uri", kWebhookUri},
          {"event", event_class}, {"eventFilter", nlohmann::json::object()},
          {"userIdFilter", ""},   {"headers", nlohmann::json::object()},
          {"authMethod", "none"}, {"authData", nullptr}};
}

std::vector<std::string> wanted_webhook_events() {
  return {std::string(domain::kFormSubmittedEvent)};
}

Result<WebhookReconciliation> reconcile_webhooks(OcsClient& client,
                                                 const std::vector<std::string>& events) {
  WebhookReconciliation result;
  auto listed = client.call("GET", kWebhooksPath);
  if (!listed) return std::move(listed).error();
  if (listed->not_found()) {
    log::warn("webhook_listeners is not available: Forms submissions will not arrive");
    result.unavailable = events;
    return result;
  }
  if (!listed->ok()) return refused("listing the webhooks", listed.value());
  const std::string& app_id = client.options().app_id;

  // Ours: registered by this app. One per wanted event at our uri is kept; the rest goes.
  std::vector<std::string> present;
  if (listed->data.is_array()) {
    for (const auto& hook : listed->data) {
      if (text_of(hook, "appId") != app_id) continue;
      const std::string event = text_of(hook, "event");
      const bool wanted = std::find(events.begin(), events.end(), event) != events.end() &&
                          text_of(hook, "uri") == kWebhookUri &&
                          text_of(hook, "httpMethod") == "POST";
      if (wanted && std::find(present.begin(), present.end(), event) == present.end()) {
        present.push_back(event);
        ++result.kept;
        continue;
      }
      if (!hook.contains("id") || !hook["id"].is_number_integer()) continue;
      const auto id = hook["id"].get<std::int64_t>();
      auto deleted = client.call("DELETE", concat(kWebhooksPath, "/", std::to_string(id)));
      if (!deleted) return std::move(deleted).error();
      if (!deleted->ok() && !deleted->not_found())
        return refused("deleting a webhook", deleted.value());
      ++result.deleted;
    }
  }
  for (const auto& event : events) {
    if (std::find(present.begin(), present.end(), event) != present.end()) continue;
    const nlohmann::json body = webhook_body(event);
    auto created = client.call("POST", kWebhooksPath, &body);
    if (!created) return std::move(created).error();
    if (created->ocs_status == 400) {
      // "<class> is not an event class compatible with webhooks": its app is not installed.
      log::warn("webhook event not available in this Nextcloud", {{"event_class", event}});
      result.unavailable.push_back(event);
      continue;
    }
    if (!created->ok()) return refused("registering a webhook", created.value());
    ++result.created;
  }
  log::info("webhooks reconciled", {{"created", result.created},
                                    {"deleted", result.deleted},
                                    {"kept", result.kept},
                                    {"unavailable", result.unavailable.size()}});
  return result;
}

Status remove_webhooks(OcsClient& client) {
  auto removed =
      client.call("DELETE", concat(kWebhooksPath, "/byappid/", client.options().app_id));
  if (!removed) return std::move(removed).error();
  if (!removed->ok() && !removed->not_found())
    return refused("removing the webhooks", removed.value());
  log::info("webhooks removed from nextcloud");
  return ok_status();
}

}  // namespace registre::nextcloud
