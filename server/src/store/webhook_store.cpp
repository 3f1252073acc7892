#include "store/webhook_store.hpp"

#include <SQLiteCpp/Statement.h>

#include "store/sql_values.hpp"
#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

std::optional<int> optional_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt();
}

void write_event_types(SQLite::Database& db, const WebhookSubscription& s) {
  SQLite::Statement clear(db, "DELETE FROM webhook_subscription_events WHERE subscription_id = ?");
  clear.bind(1, s.id);
  clear.exec();
  SQLite::Statement add(
      db, "INSERT INTO webhook_subscription_events (subscription_id, event_type) VALUES (?, ?)");
  for (const auto& type : s.event_types) {
    add.bind(1, s.id);
    add.bind(2, type);
    add.exec();
    add.reset();
  }
}

constexpr const char* kSubscriptionColumns =
    "id, organization_id, url, description, secret, scope, active, allow_private, created_at, "
    "created_by, updated_at, version";

WebhookSubscription read_subscription(SQLite::Database& db, SQLite::Statement& q) {
  WebhookSubscription s;
  s.id = q.getColumn(0).getInt64();
  s.organization_id = q.getColumn(1).getInt64();
  s.url = q.getColumn(2).getString();
  s.description = q.getColumn(3).getString();
  s.secret = q.getColumn(4).getString();
  s.scope = q.getColumn(5).getString();
  s.active = q.getColumn(6).getInt() != 0;
  s.allow_private = q.getColumn(7).getInt() != 0;
  s.created_at = q.getColumn(8).getString();
  s.created_by = q.getColumn(9).getString();
  s.updated_at = q.getColumn(10).getString();
  s.version = q.getColumn(11).getInt64();
  SQLite::Statement types(db,
                          "SELECT event_type FROM webhook_subscription_events "
                          "WHERE subscription_id = ? ORDER BY event_type");
  types.bind(1, s.id);
  while (types.executeStep())
    s.event_types.push_back(types.getColumn(0).getString());
  return s;
}

constexpr const char* kDeliveryColumns =
    "d.id, o.message_id, o.event_type, o.occurred_at, d.status, d.attempts, d.next_attempt_at, "
    "d.last_attempt_at, d.last_status, d.last_error, d.delivered_at";

WebhookDelivery read_delivery(SQLite::Statement& q) {
  WebhookDelivery d;
  d.id = q.getColumn(0).getInt64();
  d.message_id = q.getColumn(1).getString();
  d.event_type = q.getColumn(2).getString();
  d.occurred_at = q.getColumn(3).getString();
  d.status = q.getColumn(4).getString();
  d.attempts = q.getColumn(5).getInt();
  d.next_attempt_at = optional_text(q.getColumn(6));
  d.last_attempt_at = optional_text(q.getColumn(7));
  d.last_status = optional_int(q.getColumn(8));
  d.last_error = optional_text(q.getColumn(9));
  d.delivered_at = optional_text(q.getColumn(10));
  return d;
}

}  // namespace

Result<std::int64_t> insert_webhook_subscription(SQLite::Database& db,
                                                 const WebhookSubscription& s) {
  try {
    SQLite::Statement q(db,
                        "INSERT INTO webhook_subscriptions (organization_id, url, description, "
                        "secret, scope, active, allow_private, created_at, created_by, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, s.organization_id);
    q.bind(2, s.url);
    q.bind(3, s.description);
    q.bind(4, s.secret);
    q.bind(5, s.scope);
    q.bind(6, s.active ? 1 : 0);
    q.bind(7, s.allow_private ? 1 : 0);
    q.bind(8, s.created_at);
    q.bind(9, s.created_by);
    q.bind(10, s.updated_at);
    q.exec();
    WebhookSubscription stored = s;
    stored.id = db.getLastInsertRowid();
    write_event_types(db, stored);
    return stored.id;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "creating a webhook subscription");
  }
}

Status update_webhook_subscription(SQLite::Database& db, const WebhookSubscription& s) {
  try {
    SQLite::Statement q(db,
                        "UPDATE webhook_subscriptions SET url = ?, description = ?, scope = ?, "
                        "active = ?, allow_private = ?, updated_at = ?, version = ? "
                        "WHERE id = ? AND organization_id = ?");
    q.bind(1, s.url);
    q.bind(2, s.description);
    q.bind(3, s.scope);
    q.bind(4, s.active ? 1 : 0);
    q.bind(5, s.allow_private ? 1 : 0);
    q.bind(6, s.updated_at);
    q.bind(7, s.version);
    q.bind(8, s.id);
    q.bind(9, s.organization_id);
    if (q.exec() == 0) return make_error(ErrorKind::not_found, "not-found", "no such webhook");
    write_event_types(db, s);
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "changing a webhook subscription");
  }
}

Status set_webhook_secret(SQLite::Database& db, std::int64_t id, const std::string& secret) {
  try {
    SQLite::Statement q(db, "UPDATE webhook_subscriptions SET secret = ? WHERE id = ?");
    q.bind(1, secret);
    q.bind(2, id);
    q.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "changing a webhook secret");
  }
}

Status delete_webhook_subscription(SQLite::Database& db, std::int64_t organization_id,
                                   std::int64_t id) {
  try {
    // Attempts and deliveries first: their foreign keys cascade, but explicit deletes keep the
    // cost visible and do not depend on the foreign_keys pragma.
    SQLite::Statement attempts(db,
                               "DELETE FROM webhook_attempts WHERE delivery_id IN "
                               "(SELECT id FROM webhook_deliveries WHERE subscription_id = ?)");
    attempts.bind(1, id);
    SQLite::Statement deliveries(db, "DELETE FROM webhook_deliveries WHERE subscription_id = ?");
    deliveries.bind(1, id);
    SQLite::Statement types(db,
                            "DELETE FROM webhook_subscription_events WHERE subscription_id = ?");
    types.bind(1, id);
    SQLite::Statement q(db,
                        "DELETE FROM webhook_subscriptions WHERE id = ? AND organization_id = ?");
    q.bind(1, id);
    q.bind(2, organization_id);
    SQLite::Statement owned(
        db, "SELECT 1 FROM webhook_subscriptions WHERE id = ? AND organization_id = ?");
    owned.bind(1, id);
    owned.bind(2, organization_id);
    if (!owned.executeStep())
      return make_error(ErrorKind::not_found, "not-found", "no such webhook");
    attempts.exec();
    deliveries.exec();
    types.exec();
    q.exec();
    // Outbox events no subscription needs any more go with them.
    db.exec(
        "DELETE FROM webhook_outbox WHERE NOT EXISTS "
        "(SELECT 1 FROM webhook_deliveries d WHERE d.outbox_id = webhook_outbox.id)");
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "deleting a webhook subscription");
  }
}

Result<std::vector<WebhookSubscription>> list_webhook_subscriptions(SQLite::Database& db,
                                                                    std::int64_t organization_id) {
  try {
    SQLite::Statement q(db,
                        std::string("SELECT ") + kSubscriptionColumns +
                            " FROM webhook_subscriptions WHERE organization_id = ? ORDER BY id");
    q.bind(1, organization_id);
    std::vector<WebhookSubscription> out;
    while (q.executeStep())
      out.push_back(read_subscription(db, q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing webhook subscriptions");
  }
}

Result<WebhookSubscription> get_webhook_subscription(SQLite::Database& db,
                                                     std::int64_t organization_id,
                                                     std::int64_t id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kSubscriptionColumns +
                                " FROM webhook_subscriptions WHERE id = ? AND organization_id = ?");
    q.bind(1, id);
    q.bind(2, organization_id);
    if (!q.executeStep()) return make_error(ErrorKind::not_found, "not-found", "no such webhook");
    return read_subscription(db, q);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a webhook subscription");
  }
}

Result<std::size_t> enqueue_webhook_event(SQLite::Database& db, const OutboxEvent& event) {
  try {
    SQLite::Statement wanted(db,
                             "SELECT count(*) FROM webhook_subscriptions s "
                             "JOIN webhook_subscription_events e ON e.subscription_id = s.id "
                             "WHERE s.organization_id = ? AND s.active = 1 AND e.event_type = ?");
    wanted.bind(1, event.organization_id);
    wanted.bind(2, event.event_type);
    wanted.executeStep();
    if (wanted.getColumn(0).getInt64() == 0) return std::size_t{0};
    SQLite::Statement insert(
        db,
        "INSERT INTO webhook_outbox (message_id, organization_id, event_type, "
        "member_id, occurred_at, payload, personal) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, event.message_id);
    insert.bind(2, event.organization_id);
    insert.bind(3, event.event_type);
    if (event.member_id)
      insert.bind(4, *event.member_id);
    else
      insert.bind(4);
    insert.bind(5, event.occurred_at);
    insert.bind(6, event.payload);
    bind_optional(insert, 7, event.personal);
    insert.exec();
    const std::int64_t outbox_id = db.getLastInsertRowid();
    SQLite::Statement fan_out(
        db,
        "INSERT INTO webhook_deliveries (outbox_id, subscription_id, status, next_attempt_at) "
        "SELECT ?, s.id, 'pending', ? FROM webhook_subscriptions s "
        "JOIN webhook_subscription_events e ON e.subscription_id = s.id "
        "WHERE s.organization_id = ? AND s.active = 1 AND e.event_type = ?");
    fan_out.bind(1, outbox_id);
    fan_out.bind(2, event.occurred_at);
    fan_out.bind(3, event.organization_id);
    fan_out.bind(4, event.event_type);
    return static_cast<std::size_t>(fan_out.exec());
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "writing a webhook event");
  }
}

Status forget_webhook_personal_data(SQLite::Database& db, std::int64_t member_id) {
  try {
    SQLite::Statement q(db,
                        "UPDATE webhook_outbox SET personal = NULL "
                        "WHERE member_id = ? AND personal IS NOT NULL");
    q.bind(1, member_id);
    q.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "forgetting webhook data");
  }
}

Result<std::vector<DueDelivery>> due_webhook_deliveries(SQLite::Database& db,
                                                        const std::string& now, int limit) {
  try {
    SQLite::Statement q(
        db,
        "SELECT d.id, d.subscription_id, o.message_id, o.event_type, o.occurred_at, o.payload, "
        "o.personal, s.url, s.secret, s.scope, s.allow_private, d.attempts "
        "FROM webhook_deliveries d INDEXED BY webhook_deliveries_due "
        "JOIN webhook_outbox o ON o.id = d.outbox_id "
        "JOIN webhook_subscriptions s ON s.id = d.subscription_id "
        "WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND s.active = 1 "
        "ORDER BY d.next_attempt_at, d.id LIMIT ?");
    q.bind(1, now);
    q.bind(2, limit);
    std::vector<DueDelivery> out;
    while (q.executeStep()) {
      DueDelivery d;
      d.id = q.getColumn(0).getInt64();
      d.subscription_id = q.getColumn(1).getInt64();
      d.message_id = q.getColumn(2).getString();
      d.event_type = q.getColumn(3).getString();
      d.occurred_at = q.getColumn(4).getString();
      d.payload = q.getColumn(5).getString();
      d.personal = optional_text(q.getColumn(6));
      d.url = q.getColumn(7).getString();
      d.secret = q.getColumn(8).getString();
      d.scope = q.getColumn(9).getString();
      d.allow_private = q.getColumn(10).getInt() != 0;
      d.attempts = q.getColumn(11).getInt();
      out.push_back(std::move(d));
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading due webhook deliveries");
  }
}

Result<std::optional<std::string>> next_webhook_due(SQLite::Database& db) {
  try {
    SQLite::Statement q(db,
                        "SELECT min(d.next_attempt_at) FROM webhook_deliveries d "
                        "JOIN webhook_subscriptions s ON s.id = d.subscription_id "
                        "WHERE d.status = 'pending' AND s.active = 1");
    q.executeStep();
    return optional_text(q.getColumn(0));
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading the next webhook delivery");
  }
}

Status record_webhook_attempt(SQLite::Database& db, std::int64_t delivery_id,
                              const WebhookAttempt& attempt, bool delivered,
                              const std::optional<std::string>& next_attempt_at) {
  try {
    SQLite::Statement log(db,
                          "INSERT INTO webhook_attempts (delivery_id, attempted_at, http_status, "
                          "error, duration_ms) SELECT id, ?, ?, ?, ? FROM webhook_deliveries "
                          "WHERE id = ?");
    log.bind(1, attempt.attempted_at);
    if (attempt.http_status)
      log.bind(2, *attempt.http_status);
    else
      log.bind(2);
    bind_optional(log, 3, attempt.error);
    log.bind(4, attempt.duration_ms);
    log.bind(5, delivery_id);
    log.exec();
    SQLite::Statement q(
        db,
        "UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = ?, "
        "last_status = ?, last_error = ?, status = ?, next_attempt_at = ?, "
        "delivered_at = ? WHERE id = ? AND status = 'pending'");
    q.bind(1, attempt.attempted_at);
    if (attempt.http_status)
      q.bind(2, *attempt.http_status);
    else
      q.bind(2);
    bind_optional(q, 3, attempt.error);
    q.bind(4, delivered ? "delivered" : next_attempt_at ? "pending" : "dead");
    bind_optional(q, 5, delivered ? std::nullopt : next_attempt_at);
    bind_optional(q, 6,
                  delivered ? std::optional<std::string>(attempt.attempted_at) : std::nullopt);
    q.bind(7, delivery_id);
    q.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "logging a webhook attempt");
  }
}

Result<std::vector<WebhookDelivery>> list_webhook_deliveries(SQLite::Database& db,
                                                             const WebhookDeliveryQuery& wq) {
  try {
    std::string sql = std::string("SELECT ") + kDeliveryColumns +
                      " FROM webhook_deliveries d JOIN webhook_outbox o ON o.id = d.outbox_id "
                      "JOIN webhook_subscriptions s ON s.id = d.subscription_id "
                      "WHERE s.organization_id = ? AND d.subscription_id = ?";
    if (wq.status) sql += " AND d.status = ?";
    if (wq.before_id) sql += " AND d.id < ?";
    sql += " ORDER BY d.id DESC LIMIT ?";
    SQLite::Statement q(db, sql);
    int i = 1;
    q.bind(i++, wq.organization_id);
    q.bind(i++, wq.subscription_id);
    if (wq.status) q.bind(i++, *wq.status);
    if (wq.before_id) q.bind(i++, *wq.before_id);
    q.bind(i++, wq.limit);
    std::vector<WebhookDelivery> out;
    while (q.executeStep())
      out.push_back(read_delivery(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing webhook deliveries");
  }
}

Result<WebhookDelivery> get_webhook_delivery(SQLite::Database& db, std::int64_t organization_id,
                                             std::int64_t subscription_id,
                                             std::int64_t delivery_id) {
  try {
    SQLite::Statement q(
        db, std::string("SELECT ") + kDeliveryColumns +
                " FROM webhook_deliveries d JOIN webhook_outbox o ON o.id = d.outbox_id "
                "JOIN webhook_subscriptions s ON s.id = d.subscription_id "
                "WHERE d.id = ? AND d.subscription_id = ? AND s.organization_id = ?");
    q.bind(1, delivery_id);
    q.bind(2, subscription_id);
    q.bind(3, organization_id);
    if (!q.executeStep()) return make_error(ErrorKind::not_found, "not-found", "no such delivery");
    return read_delivery(q);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a webhook delivery");
  }
}

Result<std::vector<WebhookAttempt>> webhook_attempts_of(SQLite::Database& db,
                                                        std::int64_t delivery_id) {
  try {
    SQLite::Statement q(db,
                        "SELECT id, attempted_at, http_status, error, duration_ms FROM "
                        "webhook_attempts WHERE delivery_id = ? ORDER BY id");
    q.bind(1, delivery_id);
    std::vector<WebhookAttempt> out;
    while (q.executeStep()) {
      WebhookAttempt a;
      a.id = q.getColumn(0).getInt64();
      a.attempted_at = q.getColumn(1).getString();
      a.http_status = optional_int(q.getColumn(2));
      a.error = optional_text(q.getColumn(3));
      a.duration_ms = q.getColumn(4).getInt64();
      out.push_back(std::move(a));
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading webhook attempts");
  }
}

Status requeue_webhook_delivery(SQLite::Database& db, std::int64_t delivery_id,
                                const std::string& now) {
  try {
    SQLite::Statement q(db,
                        "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, "
                        "next_attempt_at = ?, delivered_at = NULL WHERE id = ?");
    q.bind(1, now);
    q.bind(2, delivery_id);
    q.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "queueing a webhook delivery again");
  }
}

Result<std::int64_t> prune_webhook_log(SQLite::Database& db, const std::string& before) {
  try {
    SQLite::Statement attempts(
        db,
        "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM "
        "webhook_deliveries WHERE status <> 'pending' AND last_attempt_at < ?)");
    attempts.bind(1, before);
    attempts.exec();
    SQLite::Statement deliveries(
        db, "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND last_attempt_at < ?");
    deliveries.bind(1, before);
    const std::int64_t removed = deliveries.exec();
    db.exec(
        "DELETE FROM webhook_outbox WHERE NOT EXISTS "
        "(SELECT 1 FROM webhook_deliveries d WHERE d.outbox_id = webhook_outbox.id)");
    db.exec(
        "UPDATE webhook_outbox SET personal = NULL WHERE personal IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM webhook_deliveries d WHERE d.outbox_id = webhook_outbox.id "
        "AND d.status <> 'delivered')");
    return removed;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "pruning the webhook log");
  }
}

}  // namespace registre::store
