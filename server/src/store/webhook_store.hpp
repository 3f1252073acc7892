#pragma once
// Outgoing webhooks: subscriptions, the outbox with its per-subscription deliveries, and the log of
// every attempt.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace registre::store {

struct WebhookSubscription {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string url;
  std::string description;
  std::string secret;  // whsec_...
  std::string scope = "minimal";
  bool active = true;
  bool allow_private = false;
  std::vector<std::string> event_types;  // sorted
  std::string created_at, created_by, updated_at;
  std::int64_t version = 1;
};

// REQUIRES (writes): a WriteTransaction is open.
Result<std::int64_t> insert_webhook_subscription(SQLite::Database& db,
                                                 const WebhookSubscription& s);
// Url, description, scope, active, allow_private, event types, updated_at, version (as given).
Status update_webhook_subscription(SQLite::Database& db, const WebhookSubscription& s);
Status set_webhook_secret(SQLite::Database& db, std::int64_t id, const std::string& secret);
// Deletes the subscription with its deliveries and their attempts.
Status delete_webhook_subscription(SQLite::Database& db, std::int64_t organization_id,
                                   std::int64_t id);
Result<std::vector<WebhookSubscription>> list_webhook_subscriptions(SQLite::Database& db,
                                                                    std::int64_t organization_id);
// not_found when the organisation has no such subscription.
Result<WebhookSubscription> get_webhook_subscription(SQLite::Database& db,
                                                     std::int64_t organization_id, std::int64_t id);

// An event to announce: `payload` goes to every subscription, `personal` is merged into its data
// for subscriptions with the "contact" scope.
struct OutboxEvent {
  std::string message_id;  // msg_...
  std::int64_t organization_id = 0;
  std::string event_type;
  std::optional<std::int64_t> member_id;
  std::string occurred_at;
  std::string payload;                  // JSON
  std::optional<std::string> personal;  // JSON object, or none
};

// Writes the event and one pending delivery per active subscription of the organisation that asks
// for its type, due at once. Writes nothing when no subscription asks for it (so imports and bulk
// changes cost nothing without subscribers). Returns the number of deliveries.
// REQUIRES: the WriteTransaction of the change the event announces is open.
Result<std::size_t> enqueue_webhook_event(SQLite::Database& db, const OutboxEvent& event);

// Erasure: the events about this member keep their ids but lose their personal part.
// REQUIRES: a WriteTransaction is open.
Status forget_webhook_personal_data(SQLite::Database& db, std::int64_t member_id);

// A delivery the worker should send now, with what it needs to send it.
struct DueDelivery {
  std::int64_t id = 0;
  std::int64_t subscription_id = 0;
  std::string message_id;
  std::string event_type;
  std::string occurred_at;
  std::string payload;
  std::optional<std::string> personal;
  std::string url, secret, scope;
  bool allow_private = false;
  int attempts = 0;
};
// Pending deliveries due at `now` or before, oldest first, of active subscriptions.
Result<std::vector<DueDelivery>> due_webhook_deliveries(SQLite::Database& db,
                                                        const std::string& now, int limit);
// When the next pending delivery is due (of an active subscription); nullopt when none.
Result<std::optional<std::string>> next_webhook_due(SQLite::Database& db);

struct WebhookAttempt {
  std::int64_t id = 0;
  std::string attempted_at;
  std::optional<int> http_status;
  std::optional<std::string> error;
  std::int64_t duration_ms = 0;
};
// Logs an attempt and moves the delivery on: delivered, pending until `next_attempt_at`, or dead
// (next_attempt_at empty and not delivered). A delivery no longer pending (redelivered, its
// subscription deleted) only gets the log line.
// REQUIRES: a WriteTransaction is open.
Status record_webhook_attempt(SQLite::Database& db, std::int64_t delivery_id,
                              const WebhookAttempt& attempt, bool delivered,
                              const std::optional<std::string>& next_attempt_at);

struct WebhookDelivery {
  std::int64_t id = 0;
  std::string message_id, event_type, occurred_at, status;
  int attempts = 0;
  std::optional<std::string> next_attempt_at, last_attempt_at, last_error, delivered_at;
  std::optional<int> last_status;
};
struct WebhookDeliveryQuery {
  std::int64_t organization_id = 0;
  std::int64_t subscription_id = 0;
  std::optional<std::string> status;
  std::optional<std::int64_t> before_id;  // keyset: newest first
  int limit = 50;
};
Result<std::vector<WebhookDelivery>> list_webhook_deliveries(SQLite::Database& db,
                                                             const WebhookDeliveryQuery& q);
Result<WebhookDelivery> get_webhook_delivery(SQLite::Database& db, std::int64_t organization_id,
                                             std::int64_t subscription_id,
                                             std::int64_t delivery_id);
Result<std::vector<WebhookAttempt>> webhook_attempts_of(SQLite::Database& db,
                                                        std::int64_t delivery_id);
// Pending again, due at `now`, with a fresh count of attempts; the same webhook-id.
// REQUIRES: a WriteTransaction is open.
Status requeue_webhook_delivery(SQLite::Database& db, std::int64_t delivery_id,
                                const std::string& now);

// Data minimisation for the delivery log: finished deliveries (delivered or dead) whose last
// attempt is older than `before` go with their attempts, then outbox events no delivery needs;
// and events every subscriber has received lose their personal part at once.
// REQUIRES: a WriteTransaction is open. Returns the deliveries removed.
Result<std::int64_t> prune_webhook_log(SQLite::Database& db, const std::string& before);

}  // namespace registre::store
