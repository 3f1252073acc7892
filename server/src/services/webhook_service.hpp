#pragma once
// Outgoing webhook subscriptions (administrators): create, change, delete, rotate the secret, read
// the delivery log and ask for a delivery again.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "services/request_info.hpp"
#include "store/database.hpp"
#include "store/webhook_store.hpp"

namespace registre::services {

class WebhookService {
 public:
  WebhookService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // What a client may set; absent = unchanged (create: the defaults below).
  struct Draft {
    std::optional<std::string> url, description, scope, secret;
    std::optional<bool> active, allow_private;
    std::optional<std::vector<std::string>> event_types;
  };

  Result<std::vector<store::WebhookSubscription>> list(std::int64_t organization_id);
  Result<store::WebhookSubscription> get(std::int64_t organization_id, std::int64_t id);
  // The secret is generated unless given ("whsec_" + base64 of 24 to 64 bytes). The returned
  // subscription holds it: the only answer that shows it, with rotate_secret's.
  Result<store::WebhookSubscription> create(const RequestInfo& request,
                                            std::int64_t organization_id, const Draft& draft);
  Result<store::WebhookSubscription> update(const RequestInfo& request,
                                            std::int64_t organization_id, std::int64_t id,
                                            std::int64_t expected_version, const Draft& draft);
  Status remove(const RequestInfo& request, std::int64_t organization_id, std::int64_t id);
  Result<store::WebhookSubscription> rotate_secret(const RequestInfo& request,
                                                   std::int64_t organization_id, std::int64_t id);

  Result<std::vector<store::WebhookDelivery>> deliveries(const store::WebhookDeliveryQuery& query);
  struct DeliveryDetail {
    store::WebhookDelivery delivery;
    std::vector<store::WebhookAttempt> attempts;
  };
  Result<DeliveryDetail> delivery(std::int64_t organization_id, std::int64_t subscription_id,
                                  std::int64_t delivery_id);
  // Pending again at once, with the same webhook-id (receivers deduplicate on it).
  Result<store::WebhookDelivery> redeliver(const RequestInfo& request, std::int64_t organization_id,
                                           std::int64_t subscription_id, std::int64_t delivery_id);

 private:
  store::Database& db_;
  const Clock& clock_;
};

// Field errors for a subscription's target (scheme, form, and — unless `allow_private` — an
// address that resolves outside the public internet). Resolves the host name (DNS).
std::vector<FieldError> check_webhook_target(const std::string& url, bool allow_private);

}  // namespace registre::services
