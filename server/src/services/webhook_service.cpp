#include "services/webhook_service.hpp"

#include <algorithm>

#include "crypto/webhook_signature.hpp"
#include "domain/utf8.hpp"
#include "domain/webhook_event.hpp"
#include "services/audit.hpp"
#include "services/host_addresses.hpp"
#include "store/audit_store.hpp"
#include "store/organization_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

std::string webhook_subject(std::int64_t id) {
  return "webhook:" + std::to_string(id);
}

// Applies `draft` to `s`; field errors for what is wrong. Names of changed fields in `changed`.
std::vector<FieldError> apply_draft(store::WebhookSubscription& s, const WebhookService::Draft& d,
                                    std::vector<std::string>& changed) {
  std::vector<FieldError> errors;
  if (d.url && *d.url != s.url) {
    s.url = *d.url;
    changed.push_back("url");
  }
  if (d.allow_private && *d.allow_private != s.allow_private) {
    s.allow_private = *d.allow_private;
    changed.push_back("allowPrivateTargets");
  }
  if (d.url || d.allow_private) {
    auto target = check_webhook_target(s.url, s.allow_private);
    errors.insert(errors.end(), target.begin(), target.end());
  }
  if (d.description) {
    if (!domain::utf8_length_within(*d.description, 0, 500)) {
      errors.push_back({"description", "at-most-500-characters"});
    } else if (*d.description != s.description) {
      s.description = *d.description;
      changed.push_back("description");
    }
  }
  if (d.scope) {
    if (*d.scope != "minimal" && *d.scope != "contact") {
      errors.push_back({"scope", "webhook-scope-values"});
    } else if (*d.scope != s.scope) {
      s.scope = *d.scope;
      changed.push_back("scope");
    }
  }
  if (d.active && *d.active != s.active) {
    s.active = *d.active;
    changed.push_back("active");
  }
  if (d.event_types) {
    auto type_errors = domain::validate_webhook_event_types(*d.event_types, "events");
    if (!type_errors.empty()) {
      errors.insert(errors.end(), type_errors.begin(), type_errors.end());
    } else {
      auto sorted = *d.event_types;
      std::sort(sorted.begin(), sorted.end());
      if (sorted != s.event_types) {
        s.event_types = std::move(sorted);
        changed.push_back("events");
      }
    }
  }
  return errors;
}

Status audit_webhook_change(SQLite::Database& db, const RequestInfo& request, const std::string& at,
                            const std::string& action, std::int64_t organization_id,
                            std::int64_t id, std::vector<std::string> fields = {}) {
  auto entry = store::append_audit_entry(db, audit_entry(request, at, action, organization_id,
                                                         webhook_subject(id), std::move(fields)));
  if (!entry) return std::move(entry).error();
  return ok_status();
}

}  // namespace

std::vector<FieldError> check_webhook_target(const std::string& url, bool allow_private) {
  std::string reason;
  auto target = domain::parse_webhook_url(url, reason);
  if (!target) return {{"url", reason}};
  if (allow_private) return {};
  const auto addresses = host_addresses(target->host);
  if (addresses.empty()) return {{"url", "webhook-url-unresolvable"}};
  const bool non_public = std::any_of(addresses.begin(), addresses.end(), [](const std::string& a) {
    return domain::is_non_public_address(a);
  });
  if (non_public) return {{"url", "webhook-url-private"}};
  return {};
}

Result<std::vector<store::WebhookSubscription>> WebhookService::list(std::int64_t organization_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto org = store::get_organization(lease->db(), organization_id);
  if (!org) return std::move(org).error();
  return store::list_webhook_subscriptions(lease->db(), organization_id);
}

Result<store::WebhookSubscription> WebhookService::get(std::int64_t organization_id,
                                                       std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::get_webhook_subscription(lease->db(), organization_id, id);
}

Result<store::WebhookSubscription> WebhookService::create(const RequestInfo& request,
                                                          std::int64_t organization_id,
                                                          const Draft& draft) {
  store::WebhookSubscription s;
  s.organization_id = organization_id;
  std::vector<std::string> changed;
  std::vector<FieldError> errors;
  if (!draft.url) errors.push_back({"url", "required"});
  if (!draft.event_types) errors.push_back({"events", "required"});
  auto more = apply_draft(s, draft, changed);
  errors.insert(errors.end(), more.begin(), more.end());
  if (draft.secret) {
    if (!crypto::webhook_secret_key(*draft.secret))
      errors.push_back({"secret", "webhook-secret-form"});
    else
      s.secret = *draft.secret;
  } else {
    s.secret = crypto::new_webhook_secret();
  }
  if (!errors.empty()) return invalid_fields(std::move(errors));
  s.created_at = s.updated_at = format_utc(clock_.now());
  s.created_by = request.actor.audit_name();
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "creating a webhook subscription",
      [&](SQLite::Database& db) -> Result<store::WebhookSubscription> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto id = store::insert_webhook_subscription(db, s);
        if (!id) return std::move(id).error();
        s.id = id.value();
        if (auto a = audit_webhook_change(db, request, s.created_at, "webhook.created",
                                          organization_id, s.id, changed);
            !a) {
          return std::move(a).error();
        }
        return s;
      });
}

Result<store::WebhookSubscription> WebhookService::update(const RequestInfo& request,
                                                          std::int64_t organization_id,
                                                          std::int64_t id,
                                                          std::int64_t expected_version,
                                                          const Draft& draft) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "changing a webhook subscription",
      [&](SQLite::Database& db) -> Result<store::WebhookSubscription> {
        auto current = store::get_webhook_subscription(db, organization_id, id);
        if (!current) return current;
        store::WebhookSubscription s = std::move(current).value();
        if (s.version != expected_version) {
          return make_error(ErrorKind::precondition_failed, "precondition-failed",
                            "the webhook was changed by someone else; reload it");
        }
        std::vector<std::string> changed;
        if (auto errors = apply_draft(s, draft, changed); !errors.empty()) {
          return invalid_fields(std::move(errors));
        }
        if (draft.secret) return invalid_fields({{"secret", "webhook-secret-rotate"}});
        if (changed.empty()) return s;
        s.updated_at = format_utc(clock_.now());
        s.version += 1;
        if (auto w = store::update_webhook_subscription(db, s); !w) return std::move(w).error();
        if (auto a = audit_webhook_change(db, request, s.updated_at, "webhook.updated",
                                          organization_id, id, changed);
            !a) {
          return std::move(a).error();
        }
        return s;
      });
}

Status WebhookService::remove(const RequestInfo& request, std::int64_t organization_id,
                              std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "deleting a webhook subscription", [&](SQLite::Database& db) -> Status {
        if (auto s = store::delete_webhook_subscription(db, organization_id, id); !s) return s;
        return audit_webhook_change(db, request, format_utc(clock_.now()), "webhook.deleted",
                                    organization_id, id);
      });
}

Result<store::WebhookSubscription> WebhookService::rotate_secret(const RequestInfo& request,
                                                                 std::int64_t organization_id,
                                                                 std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "rotating a webhook secret",
      [&](SQLite::Database& db) -> Result<store::WebhookSubscription> {
        auto current = store::get_webhook_subscription(db, organization_id, id);
        if (!current) return current;
        store::WebhookSubscription s = std::move(current).value();
        s.secret = crypto::new_webhook_secret();
        s.updated_at = format_utc(clock_.now());
        s.version += 1;
        if (auto w = store::update_webhook_subscription(db, s); !w) return std::move(w).error();
        if (auto w = store::set_webhook_secret(db, s.id, s.secret); !w) return std::move(w).error();
        if (auto a = audit_webhook_change(db, request, s.updated_at, "webhook.secret_rotated",
                                          organization_id, id, {"secret"});
            !a) {
          return std::move(a).error();
        }
        return s;
      });
}

Result<std::vector<store::WebhookDelivery>> WebhookService::deliveries(
    const store::WebhookDeliveryQuery& query) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto s =
      store::get_webhook_subscription(lease->db(), query.organization_id, query.subscription_id);
  if (!s) return std::move(s).error();
  return store::list_webhook_deliveries(lease->db(), query);
}

Result<WebhookService::DeliveryDetail> WebhookService::delivery(std::int64_t organization_id,
                                                                std::int64_t subscription_id,
                                                                std::int64_t delivery_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto d = store::get_webhook_delivery(lease->db(), organization_id, subscription_id, delivery_id);
  if (!d) return std::move(d).error();
  auto attempts = store::webhook_attempts_of(lease->db(), delivery_id);
  if (!attempts) return std::move(attempts).error();
  return DeliveryDetail{std::move(d).value(), std::move(attempts).value()};
}

Result<store::WebhookDelivery> WebhookService::redeliver(const RequestInfo& request,
                                                         std::int64_t organization_id,
                                                         std::int64_t subscription_id,
                                                         std::int64_t delivery_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "redelivering a webhook",
      [&](SQLite::Database& db) -> Result<store::WebhookDelivery> {
        auto d = store::get_webhook_delivery(db, organization_id, subscription_id, delivery_id);
        if (!d) return d;
        const std::string now = format_utc(clock_.now());
        if (auto s = store::requeue_webhook_delivery(db, delivery_id, now); !s)
          return std::move(s).error();
        if (auto a =
                audit_webhook_change(db, request, now, "webhook.redelivered", organization_id,
                                     subscription_id, {"delivery:" + std::to_string(delivery_id)});
            !a) {
          return std::move(a).error();
        }
        return store::get_webhook_delivery(db, organization_id, subscription_id, delivery_id);
      });
}

}  // namespace registre::services
