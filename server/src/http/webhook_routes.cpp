// Outgoing webhook subscriptions and their delivery log (administrators):
// /admin/v1/organizations/{id}/webhooks[/{webhook}[/secret|/deliveries[/{delivery}[/redelivery]]]].
#include "domain/webhook_event.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"
#include "http/representations.hpp"
#include "http/routes.hpp"
#include "services/webhook_service.hpp"

namespace registre::http {
namespace {

using services::WebhookService;

// The secret only when `with_secret`: right after creation or rotation.
nlohmann::json subscription_json(const store::WebhookSubscription& s, bool with_secret = false) {
  nlohmann::json out = {{"id", s.id},
                        {"url", s.url},
                        {"description", s.description},
                        {"events", s.event_types},
                        {"scope", s.scope},
                        {"active", s.active},
                        {"allowPrivateTargets", s.allow_private},
                        {"createdAt", s.created_at},
                        {"createdBy", s.created_by},
                        {"updatedAt", s.updated_at},
                        {"version", s.version}};
  if (with_secret) out["secret"] = s.secret;
  return out;
}

nlohmann::json delivery_json(const store::WebhookDelivery& d) {
  return {{"id", d.id},
          {"webhookId", d.message_id},
          {"type", d.event_type},
          {"occurredAt", d.occurred_at},
          {"status", d.status},
          {"attempts", d.attempts},
          {"nextAttemptAt", json_or_null(d.next_attempt_at)},
          {"lastAttemptAt", json_or_null(d.last_attempt_at)},
          {"lastStatus", d.last_status ? nlohmann::json(*d.last_status) : nlohmann::json()},
          {"lastError", json_or_null(d.last_error)},
          {"deliveredAt", json_or_null(d.delivered_at)}};
}

WebhookService::Draft read_draft(const nlohmann::json& body, FieldReader& r) {
  WebhookService::Draft d;
  d.url = r.string("url");
  d.description = r.string("description");
  d.scope = r.string("scope");
  d.secret = r.string("secret");
  d.active = r.boolean("active");
  d.allow_private = r.boolean("allowPrivateTargets");
  if (body.contains("events")) {
    const auto& events = body["events"];
    std::vector<std::string> types;
    bool well_formed = events.is_array() && events.size() <= 50;
    if (well_formed) {
      for (const auto& e : events) {
        if (!e.is_string())
          well_formed = false;
        else
          types.push_back(e.get<std::string>());
      }
    }
    if (well_formed)
      d.event_types = std::move(types);
    else
      r.reject("events", "webhook-events-required");
  }
  return d;
}

FieldReader subscription_reader(const nlohmann::json& body) {
  return FieldReader(
      body, {"url", "description", "events", "scope", "active", "allowPrivateTargets", "secret"});
}

}  // namespace

void add_webhook_routes(Router& router, WebhookService& webhooks) {
  const std::string base = R"(/admin/v1/organizations/(\d+)/webhooks)";
  const std::string example = "/admin/v1/organizations/1/webhooks";

  router.add({"GET", base, auth::UseCase::read_webhooks, example},
             [&webhooks](RequestContext& ctx) {
               auto list = webhooks.list(ctx.organization_id);
               if (!list) return ctx.problem(list.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& s : list.value())
                 items.push_back(subscription_json(s));
               nlohmann::json types = nlohmann::json::array();
               for (auto t : domain::webhook_event_types())
                 types.push_back(std::string(t));
               ctx.json(200, {{"items", std::move(items)}, {"eventTypes", std::move(types)}});
             });
  router.add({"POST", base, auth::UseCase::manage_webhooks, example},
             [&webhooks](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r = subscription_reader(body.value());
               const auto draft = read_draft(body.value(), r);
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto created = webhooks.create(ctx.info, ctx.organization_id, draft);
               if (!created) return ctx.problem(created.error());
               ctx.res.set_header("ETag", etag(created->version));
               ctx.json(201, subscription_json(created.value(), true));
             });
  router.add({"GET", base + R"(/(\d+))", auth::UseCase::read_webhooks, example + "/1"},
             [&webhooks](RequestContext& ctx) {
               auto s = webhooks.get(ctx.organization_id, path_number(ctx.req, 2));
               if (!s) return ctx.problem(s.error());
               ctx.res.set_header("ETag", etag(s->version));
               ctx.json(200, subscription_json(s.value()));
             });
  router.add({"PUT", base + R"(/(\d+))", auth::UseCase::manage_webhooks, example + "/1"},
             [&webhooks](RequestContext& ctx) {
               auto version = required_if_match(ctx.req);
               if (!version) return ctx.problem(version.error());
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r = subscription_reader(body.value());
               const auto draft = read_draft(body.value(), r);
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto changed = webhooks.update(ctx.info, ctx.organization_id,
                                              path_number(ctx.req, 2), version.value(), draft);
               if (!changed) return ctx.problem(changed.error());
               ctx.res.set_header("ETag", etag(changed->version));
               ctx.json(200, subscription_json(changed.value()));
             });
  router.add({"DELETE", base + R"(/(\d+))", auth::UseCase::manage_webhooks, example + "/999999"},
             [&webhooks](RequestContext& ctx) {
               if (auto s = webhooks.remove(ctx.info, ctx.organization_id, path_number(ctx.req, 2));
                   !s)
                 return ctx.problem(s.error());
               ctx.res.status = 204;
               ctx.res.set_header("Cache-Control", "no-store");
             });
  router.add(
      {"POST", base + R"(/(\d+)/secret)", auth::UseCase::manage_webhooks, example + "/1/secret"},
      [&webhooks](RequestContext& ctx) {
        auto rotated =
            webhooks.rotate_secret(ctx.info, ctx.organization_id, path_number(ctx.req, 2));
        if (!rotated) return ctx.problem(rotated.error());
        ctx.res.set_header("ETag", etag(rotated->version));
        ctx.json(200, subscription_json(rotated.value(), true));
      });
  router.add(
      {"GET", base + R"(/(\d+)/deliveries)", auth::UseCase::read_webhooks,
       example + "/1/deliveries"},
      [&webhooks](RequestContext& ctx) {
        std::vector<FieldError> errors;
        refuse_unknown_params(ctx.req, {"status", "before", "limit"}, errors);
        store::WebhookDeliveryQuery q;
        q.organization_id = ctx.organization_id;
        q.subscription_id = path_number(ctx.req, 2);
        if (ctx.req.has_param("status")) {
          const std::string status = ctx.req.get_param_value("status");
          if (status != "pending" && status != "delivered" && status != "dead")
            errors.push_back({"status", "webhook-delivery-status-values"});
          q.status = status;
        }
        const auto number = [&](const char* name, std::int64_t min,
                                std::int64_t max) -> std::optional<std::int64_t> {
          if (!ctx.req.has_param(name)) return std::nullopt;
          const std::string text = ctx.req.get_param_value(name);
          std::int64_t value = 0;
          bool digits = !text.empty() && text.size() <= 18;
          for (char c : text) {
            if (c < '0' || c > '9')
              digits = false;
            else
              value = value * 10 + (c - '0');
          }
          if (!digits || value < min || value > max) {
            errors.push_back({name, "from " + std::to_string(min) + " to " + std::to_string(max)});
            return std::nullopt;
          }
          return value;
        };
        q.before_id = number("before", 1, INT64_MAX / 10);
        q.limit = static_cast<int>(number("limit", 1, 200).value_or(50));
        if (!errors.empty()) return ctx.problem(invalid_fields(std::move(errors)));
        auto list = webhooks.deliveries(q);
        if (!list) return ctx.problem(list.error());
        nlohmann::json items = nlohmann::json::array();
        for (const auto& d : list.value())
          items.push_back(delivery_json(d));
        nlohmann::json out = {{"items", std::move(items)}};
        // Keyset pagination, newest first: the next page starts below the last id shown.
        if (static_cast<int>(list->size()) == q.limit)
          out["nextBefore"] = list->back().id;
        else
          out["nextBefore"] = nullptr;
        ctx.json(200, out);
      });
  router.add({"GET", base + R"(/(\d+)/deliveries/(\d+))", auth::UseCase::read_webhooks,
              example + "/1/deliveries/1"},
             [&webhooks](RequestContext& ctx) {
               auto d = webhooks.delivery(ctx.organization_id, path_number(ctx.req, 2),
                                          path_number(ctx.req, 3));
               if (!d) return ctx.problem(d.error());
               nlohmann::json out = delivery_json(d->delivery);
               nlohmann::json attempts = nlohmann::json::array();
               for (const auto& a : d->attempts) {
                 attempts.push_back({{"at", a.attempted_at},
                                     {"httpStatus", a.http_status ? nlohmann::json(*a.http_status)
                                                                  : nlohmann::json()},
                                     {"error", json_or_null(a.error)},
                                     {"durationMs", a.duration_ms}});
               }
               out["attemptLog"] = std::move(attempts);
               ctx.json(200, out);
             });
  router.add({"POST", base + R"(/(\d+)/deliveries/(\d+)/redelivery)",
              auth::UseCase::redeliver_webhook, example + "/1/deliveries/1/redelivery"},
             [&webhooks](RequestContext& ctx) {
               auto d = webhooks.redeliver(ctx.info, ctx.organization_id, path_number(ctx.req, 2),
                                           path_number(ctx.req, 3));
               if (!d) return ctx.problem(d.error());
               ctx.json(202, delivery_json(d.value()));
             });
}

}  // namespace registre::http
