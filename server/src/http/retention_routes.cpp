#include "http/json_body.hpp"
#include "http/query_params.hpp"
#include "http/representations.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

using services::RetentionService;

nlohmann::json rule_json(const domain::RetentionRule& r) {
  return {{"id", r.id},
          {"subject", domain::to_string(r.subject)},
          {"trigger", domain::to_string(r.trigger)},
          {"delayAmount", r.delay.amount},
          {"delayUnit", domain::to_string(r.delay.unit)},
          {"action", domain::to_string(r.action)},
          {"enabled", r.enabled},
          {"description", r.description},
          {"preset", json_or_null(r.preset)},
          {"createdAt", r.created_at},
          {"updatedAt", r.updated_at},
          {"version", r.version}};
}

nlohmann::json hold_json(const store::LegalHold& h) {
  return {{"id", h.id},
          {"memberId", h.member_id},
          {"reason", h.reason},
          {"until", h.until_on},
          {"createdAt", h.created_at},
          {"createdBy", h.created_by},
          {"releasedAt", json_or_null(h.released_at)},
          {"releasedBy", json_or_null(h.released_by)}};
}

nlohmann::json settings_json(const services::RetentionSettings& s) {
  return {{"runAt", s.run_at},
          {"requireApproval", s.require_approval},
          {"noticeDays", s.notice_days},
          {"batchSize", s.batch_size}};
}

nlohmann::json retention_run_json(const store::Run& r) {
  return {{"id", r.id},
          {"asOf", r.as_of},
          {"startedAt", r.started_at},
          {"startedBy", r.started_by},
          {"status", r.status},
          {"finishedAt", json_or_null(r.finished_at)},
          {"reportHash", json_or_null(r.report_hash)}};
}

nlohmann::json run_view_json(const RetentionService::RunView& v) {
  nlohmann::json j = retention_run_json(v.run);
  // The report exactly as stored and hashed: anyone can recompute reportHash from this text.
  j["report"] = json_or_null(v.run.report);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& i : v.items) {
    items.push_back({{"ruleId", i.rule_id},
                     {"targetKind", i.target_kind},
                     {"targetId", i.target_id},
                     {"reference", i.reference},
                     {"action", i.action},
                     {"outcome", json_or_null(i.outcome)}});
  }
  j["items"] = std::move(items);
  return j;
}

nlohmann::json review_json(const store::Review& r) {
  return {{"id", r.id},
          {"ruleId", r.rule_id},
          {"memberId", r.member_id ? nlohmann::json(*r.member_id) : nlohmann::json()},
          {"dueOn", r.due_on},
          {"createdAt", r.created_at},
          {"decision", json_or_null(r.decision)},
          {"decidedAt", json_or_null(r.decided_at)},
          {"decidedBy", json_or_null(r.decided_by)}};
}

nlohmann::json preview_json(const RetentionService::Preview& p) {
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& r : p.rules) {
    nlohmann::json items = nlohmann::json::array();
    nlohmann::json counts = {{"due", 0}, {"held", 0}, {"awaiting-approval", 0}, {"approved", 0}};
    for (const auto& i : r.items) {
      counts[i.state] = counts.value(i.state, 0) + 1;
      items.push_back(
          {{"targetKind", i.record.target_kind},
           {"targetId", i.record.target_id},
           {"memberId",
            i.record.member_id ? nlohmann::json(*i.record.member_id) : nlohmann::json()},
           {"reference", i.record.reference},
           {"triggerDate", i.trigger_date},
           {"dueOn", i.due_on},
           {"state", i.state},
           {"holdId", i.hold ? nlohmann::json(i.hold->id) : nlohmann::json()},
           {"heldUntil", i.hold ? nlohmann::json(i.hold->until_on) : nlohmann::json()}});
    }
    rules.push_back({{"rule", rule_json(r.rule)}, {"counts", counts}, {"items", std::move(items)}});
  }
  return {{"asOf", p.as_of},
          {"approvalRequired", p.approval_required},
          {"previewHash", p.hash},
          {"rules", std::move(rules)}};
}

// The rule a body describes. `current` gives the values of a change's missing fields.
domain::RetentionRule read_rule(FieldReader& r, const domain::RetentionRule& current) {
  domain::RetentionRule rule = current;
  if (auto v = r.string("subject", current.id == 0)) {
    if (auto s = domain::retention_subject_from_string(*v))
      rule.subject = *s;
    else
      r.reject("subject", "retention-unknown-subject");
  }
  if (auto v = r.string("trigger", current.id == 0)) {
    if (auto t = domain::retention_trigger_from_string(*v))
      rule.trigger = *t;
    else
      r.reject("trigger", "retention-unknown-trigger");
  }
  if (auto v = r.integer("delayAmount", INT64_MIN, INT64_MAX, current.id == 0))
    rule.delay.amount = *v;
  if (auto v = r.string("delayUnit", current.id == 0)) {
    if (auto u = domain::delay_unit_from_string(*v))
      rule.delay.unit = *u;
    else
      r.reject("delayUnit", "retention-unknown-unit");
  }
  if (auto v = r.string("action", current.id == 0)) {
    if (auto a = domain::retention_action_from_string(*v))
      rule.action = *a;
    else
      r.reject("action", "retention-unknown-action");
  }
  if (auto v = r.boolean("enabled")) rule.enabled = *v;
  if (auto v = r.string("description", current.id == 0)) rule.description = *v;
  return rule;
}

std::optional<std::string> on_param(RequestContext& ctx) {
  if (!ctx.req.has_param("on")) return std::nullopt;
  return ctx.req.get_param_value("on");
}

Status only_params(RequestContext& ctx, std::initializer_list<std::string_view> allowed) {
  std::vector<FieldError> errors;
  refuse_unknown_params(ctx.req, allowed, errors);
  if (!errors.empty()) return invalid_fields(std::move(errors));
  return ok_status();
}

}  // namespace

void add_retention_routes(Router& router, RetentionService& retention) {
  const std::string base = R"(/api/v1/organizations/(\d+)/retention)";
  const std::string example = "/api/v1/organizations/1/retention";

  // ---- rules and defaults
  router.add({"GET", base + "/rules", auth::UseCase::read_retention, example + "/rules"},
             [&retention](RequestContext& ctx) {
               auto rules = retention.rules(ctx.organization_id);
               if (!rules) return ctx.problem(rules.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& r : rules.value())
                 items.push_back(rule_json(r));
               ctx.json(200, {{"items", std::move(items)}});
             });
  router.add({"POST", base + "/rules", auth::UseCase::manage_retention_rules, example + "/rules"},
             [&retention](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"subject", "trigger", "delayAmount", "delayUnit",
                                            "action", "enabled", "description"});
               const domain::RetentionRule rule = read_rule(r, {});
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto created = retention.create_rule(ctx.info, ctx.organization_id, rule);
               if (!created) return ctx.problem(created.error());
               ctx.res.set_header("ETag", etag(created->version));
               ctx.json(201, rule_json(created.value()));
             });
  router.add({"PUT", base + R"(/rules/(\d+))", auth::UseCase::manage_retention_rules,
              example + "/rules/1"},
             [&retention](RequestContext& ctx) {
               auto version = required_if_match(ctx.req);
               if (!version) return ctx.problem(version.error());
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               auto rules = retention.rules(ctx.organization_id);
               if (!rules) return ctx.problem(rules.error());
               const std::int64_t id = path_number(ctx.req, 2);
               std::optional<domain::RetentionRule> current;
               for (const auto& r : rules.value())
                 if (r.id == id) current = r;
               if (!current)
                 return ctx.problem(
                     make_error(ErrorKind::not_found, "not-found", "no such retention rule"));
               FieldReader r(body.value(), {"subject", "trigger", "delayAmount", "delayUnit",
                                            "action", "enabled", "description"});
               domain::RetentionRule rule = read_rule(r, *current);
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               rule.version = version.value();
               auto changed = retention.change_rule(ctx.info, ctx.organization_id, rule);
               if (!changed) return ctx.problem(changed.error());
               ctx.res.set_header("ETag", etag(changed->version));
               ctx.json(200, rule_json(changed.value()));
             });
  router.add(
      {"GET", base + "/defaults", auth::UseCase::read_retention, example + "/defaults"},
      [&retention](RequestContext& ctx) {
        auto presets = retention.presets(ctx.organization_id);
        if (!presets) return ctx.problem(presets.error());
        nlohmann::json items = nlohmann::json::array();
        for (const auto& p : presets.value()) {
          items.push_back({{"key", p.preset.key},
                           {"subject", domain::to_string(p.preset.subject)},
                           {"trigger", domain::to_string(p.preset.trigger)},
                           {"delayAmount", p.preset.delay.amount},
                           {"delayUnit", domain::to_string(p.preset.delay.unit)},
                           {"action", domain::to_string(p.preset.action)},
                           {"description", p.preset.description(ctx.language)},
                           {"source", p.preset.source},
                           {"state", p.state},
                           {"ruleId", p.rule_id ? nlohmann::json(*p.rule_id) : nlohmann::json()}});
        }
        ctx.json(200, {{"items", std::move(items)}});
      });
  router.add({"POST", base + R"(/defaults/([a-z-]+)/adoption)",
              auth::UseCase::manage_retention_rules, example + "/defaults/former-members/adoption"},
             [&retention](RequestContext& ctx) {
               auto created = retention.adopt_preset(ctx.info, ctx.organization_id,
                                                     ctx.req.matches[2].str(), ctx.language);
               if (!created) return ctx.problem(created.error());
               ctx.res.set_header("ETag", etag(created->version));
               ctx.json(201, rule_json(created.value()));
             });
  router.add({"POST", base + R"(/defaults/([a-z-]+)/refusal)",
              auth::UseCase::manage_retention_rules, example + "/defaults/former-members/refusal"},
             [&retention](RequestContext& ctx) {
               const std::string key = ctx.req.matches[2].str();
               if (auto s = retention.refuse_preset(ctx.info, ctx.organization_id, key); !s)
                 return ctx.problem(s.error());
               ctx.json(200, {{"key", key}, {"state", "refused"}});
             });
  router.add({"GET", base + "/settings", auth::UseCase::read_retention, example + "/settings"},
             [&retention](RequestContext& ctx) {
               auto s = retention.settings(ctx.organization_id);
               if (!s) return ctx.problem(s.error());
               ctx.json(200, settings_json(s.value()));
             });
  router.add(
      {"PUT", base + "/settings", auth::UseCase::manage_retention_rules, example + "/settings"},
      [&retention](RequestContext& ctx) {
        auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
        if (!body) return ctx.problem(body.error());
        FieldReader r(body.value(), {"runAt", "requireApproval", "noticeDays", "batchSize"});
        services::RetentionSettings s;
        s.run_at = r.string("runAt", true).value_or("");
        s.require_approval = r.boolean("requireApproval", true).value_or(true);
        s.notice_days =
            static_cast<int>(r.integer("noticeDays", INT32_MIN, INT32_MAX, true).value_or(0));
        s.batch_size =
            static_cast<int>(r.integer("batchSize", INT32_MIN, INT32_MAX, true).value_or(0));
        if (auto st = r.finish(); !st) return ctx.problem(st.error());
        auto changed = retention.change_settings(ctx.info, ctx.organization_id, s);
        if (!changed) return ctx.problem(changed.error());
        ctx.json(200, settings_json(changed.value()));
      });

  // ---- preview, explanation, approval
  router.add({"GET", base + "/preview", auth::UseCase::read_retention, example + "/preview"},
             [&retention](RequestContext& ctx) {
               if (auto s = only_params(ctx, {"on"}); !s) return ctx.problem(s.error());
               auto p = retention.preview(ctx.info, ctx.organization_id, on_param(ctx));
               if (!p) return ctx.problem(p.error());
               ctx.json(200, preview_json(p.value()));
             });
  router.add({"GET", R"(/api/v1/organizations/(\d+)/members/(\d+)/retention)",
              auth::UseCase::read_retention, "/api/v1/organizations/1/members/1/retention"},
             [&retention](RequestContext& ctx) {
               if (auto s = only_params(ctx, {"on"}); !s) return ctx.problem(s.error());
               auto found = retention.explain(ctx.info, ctx.organization_id,
                                              path_number(ctx.req, 2), on_param(ctx));
               if (!found) return ctx.problem(found.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& e : found.value()) {
                 items.push_back({{"rule", rule_json(e.rule)},
                                  {"due", e.due},
                                  {"reason", e.reason},
                                  {"triggerDate", json_or_null(e.trigger_date)},
                                  {"dueOn", json_or_null(e.due_on)},
                                  {"hold", e.hold ? hold_json(*e.hold) : nlohmann::json()}});
               }
               ctx.json(200, {{"items", std::move(items)}});
             });
  router.add(
      {"POST", base + "/approvals", auth::UseCase::approve_retention, example + "/approvals"},
      [&retention](RequestContext& ctx) {
        auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
        if (!body) return ctx.problem(body.error());
        FieldReader r(body.value(), {"on", "previewHash"});
        const auto on = r.string("on", true);
        const auto hash = r.string("previewHash", true);
        if (auto s = r.finish(); !s) return ctx.problem(s.error());
        auto a = retention.approve(ctx.info, ctx.organization_id, *on, *hash);
        if (!a) return ctx.problem(a.error());
        ctx.json(201, {{"id", a->id}, {"asOf", a->as_of}, {"items", a->items}});
      });

  // ---- runs
  router.add({"POST", base + "/runs", auth::UseCase::run_retention, example + "/runs"},
             [&retention](RequestContext& ctx) {
               auto v = retention.run_now(ctx.info, ctx.organization_id);
               if (!v) return ctx.problem(v.error());
               ctx.json(201, run_view_json(v.value()));
             });
  router.add({"GET", base + "/runs", auth::UseCase::read_retention, example + "/runs"},
             [&retention](RequestContext& ctx) {
               auto runs = retention.runs(ctx.organization_id);
               if (!runs) return ctx.problem(runs.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& r : runs.value())
                 items.push_back(retention_run_json(r));
               ctx.json(200, {{"items", std::move(items)}});
             });
  router.add({"GET", base + R"(/runs/(\d+))", auth::UseCase::read_retention, example + "/runs/1"},
             [&retention](RequestContext& ctx) {
               auto v = retention.run(ctx.organization_id, path_number(ctx.req, 2));
               if (!v) return ctx.problem(v.error());
               ctx.json(200, run_view_json(v.value()));
             });

  // ---- holds
  router.add({"GET", base + "/holds", auth::UseCase::read_retention, example + "/holds"},
             [&retention](RequestContext& ctx) {
               auto holds = retention.holds(ctx.info, ctx.organization_id);
               if (!holds) return ctx.problem(holds.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& h : holds.value())
                 items.push_back(hold_json(h));
               ctx.json(200, {{"items", std::move(items)}});
             });
  router.add({"POST", R"(/api/v1/organizations/(\d+)/members/(\d+)/holds)",
              auth::UseCase::manage_legal_holds, "/api/v1/organizations/1/members/1/holds"},
             [&retention](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"reason", "until"});
               const auto reason = r.string("reason", true);
               const auto until = r.string("until", true);
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto hold = retention.place_hold(ctx.info, ctx.organization_id,
                                                path_number(ctx.req, 2), *reason, *until);
               if (!hold) return ctx.problem(hold.error());
               ctx.json(201, hold_json(hold.value()));
             });
  router.add({"POST", base + R"(/holds/(\d+)/release)", auth::UseCase::manage_legal_holds,
              example + "/holds/1/release"},
             [&retention](RequestContext& ctx) {
               const std::int64_t id = path_number(ctx.req, 2);
               if (auto s = retention.release_hold(ctx.info, ctx.organization_id, id); !s)
                 return ctx.problem(s.error());
               ctx.json(200, {{"id", id}, {"released", true}});
             });

  // ---- reviews and notices
  router.add({"GET", base + "/reviews", auth::UseCase::read_retention, example + "/reviews"},
             [&retention](RequestContext& ctx) {
               if (auto s = only_params(ctx, {"status"}); !s) return ctx.problem(s.error());
               const std::string status =
                   ctx.req.has_param("status") ? ctx.req.get_param_value("status") : "open";
               if (status != "open" && status != "all")
                 return ctx.problem(invalid_fields({{"status", "open-or-all"}}));
               auto reviews = retention.reviews(ctx.organization_id, status == "open");
               if (!reviews) return ctx.problem(reviews.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& r : reviews.value())
                 items.push_back(review_json(r));
               ctx.json(200, {{"items", std::move(items)}});
             });
  router.add({"POST", base + R"(/reviews/(\d+)/decision)", auth::UseCase::decide_retention_review,
              example + "/reviews/1/decision"},
             [&retention](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"decision", "reason", "until"});
               const auto decision = r.string("decision", true);
               const auto reason = r.string("reason");
               const auto until = r.string("until");
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto review =
                   retention.decide_review(ctx.info, ctx.organization_id, path_number(ctx.req, 2),
                                           *decision, reason, until);
               if (!review) return ctx.problem(review.error());
               ctx.json(200, review_json(review.value()));
             });
  router.add(
      {"GET", base + "/notices", auth::UseCase::read_retention, example + "/notices"},
      [&retention](RequestContext& ctx) {
        auto notices = retention.notices(ctx.organization_id);
        if (!notices) return ctx.problem(notices.error());
        nlohmann::json items = nlohmann::json::array();
        for (const auto& n : notices.value()) {
          items.push_back({{"id", n.id},
                           {"kind", n.kind},
                           {"runId", n.run_id ? nlohmann::json(*n.run_id) : nlohmann::json()},
                           {"horizon", n.horizon},
                           {"counts", nlohmann::json::parse(n.counts, nullptr, false)},
                           {"createdAt", n.created_at}});
        }
        ctx.json(200, {{"items", std::move(items)}});
      });
}

}  // namespace registre::http
