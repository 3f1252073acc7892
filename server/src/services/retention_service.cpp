// Retention settings, rules, defaults, legal holds, reviews and notices. What is due:
// retention_preview.cpp; runs: retention_runs.cpp.
#include "services/retention_service.hpp"

#include <nlohmann/json.hpp>

#include "services/audit.hpp"
#include "services/member_lookup.hpp"
#include "services/organization_today.hpp"
#include "store/audit_store.hpp"
#include "store/organization_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

bool valid_time_of_day(const std::string& t) {
  if (t.size() != 5 || t[2] != ':') return false;
  for (std::size_t i : {0u, 1u, 3u, 4u})
    if (t[i] < '0' || t[i] > '9') return false;
  return std::stoi(t.substr(0, 2)) < 24 && std::stoi(t.substr(3, 2)) < 60;
}

}  // namespace

RetentionSettings parse_retention_settings(const std::string& text) {
  RetentionSettings s;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return s;
  if (j.contains("runAt") && j["runAt"].is_string() && valid_time_of_day(j["runAt"]))
    s.run_at = j["runAt"];
  if (j.contains("requireApproval") && j["requireApproval"].is_boolean())
    s.require_approval = j["requireApproval"];
  if (j.contains("noticeDays") && j["noticeDays"].is_number_integer())
    s.notice_days = j["noticeDays"];
  if (j.contains("batchSize") && j["batchSize"].is_number_integer()) s.batch_size = j["batchSize"];
  return s;
}

namespace {

std::string rule_subject(std::int64_t id) {
  return "retention_rule:" + std::to_string(id);
}

// A rule that contradicts another of the organisation is refused, naming the other one.
Status check_no_contradiction(SQLite::Database& db, const domain::RetentionRule& rule) {
  auto existing = store::list_retention_rules(db, rule.organization_id);
  if (!existing) return std::move(existing).error();
  if (auto other = domain::contradicting_rule(rule, existing.value())) {
    Error e = make_error(ErrorKind::conflict, "retention-rules-contradict",
                         "contradicts rule " + std::to_string(*other));
    e.fields.push_back({"action", "retention-contradicts-rule|" + std::to_string(*other)});
    return e;
  }
  return ok_status();
}

}  // namespace

std::string status_of_subject(domain::RetentionSubject subject) {
  switch (subject) {
    case domain::RetentionSubject::former_members:
      return "former";
    case domain::RetentionSubject::applicants:
      return "applicant";
    case domain::RetentionSubject::lapsed_members:
      return "lapsed";
    default:
      return "";
  }
}

// ---- settings

Result<RetentionSettings> RetentionService::settings(std::int64_t organization_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto text = store::read_retention_settings(lease->db(), organization_id);
  if (!text) return std::move(text).error();
  return parse_retention_settings(text.value());
}

Result<RetentionSettings> RetentionService::change_settings(const RequestInfo& request,
                                                            std::int64_t organization_id,
                                                            const RetentionSettings& s) {
  std::vector<FieldError> errors;
  if (!valid_time_of_day(s.run_at)) errors.push_back({"runAt", "retention-time-of-day"});
  if (s.notice_days < 0 || s.notice_days > 90)
    errors.push_back({"noticeDays", "retention-notice-days"});
  if (s.batch_size < 1 || s.batch_size > 1000)
    errors.push_back({"batchSize", "retention-batch-size"});
  if (!errors.empty()) return invalid_fields(std::move(errors));
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "changing retention settings",
      [&](SQLite::Database& db) -> Result<RetentionSettings> {
        const nlohmann::json j = {{"runAt", s.run_at},
                                  {"requireApproval", s.require_approval},
                                  {"noticeDays", s.notice_days},
                                  {"batchSize", s.batch_size}};
        if (auto w = store::write_retention_settings(db, organization_id, j.dump()); !w)
          return std::move(w).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, format_utc(clock_.now()), "retention.settings.changed",
                            organization_id, "organization:" + std::to_string(organization_id),
                            {"runAt", "requireApproval", "noticeDays", "batchSize"}));
        if (!audit) return std::move(audit).error();
        return s;
      });
}

// ---- rules and defaults

Result<std::vector<domain::RetentionRule>> RetentionService::rules(std::int64_t organization_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto org = store::get_organization(lease->db(), organization_id);
  if (!org) return std::move(org).error();
  return store::list_retention_rules(lease->db(), organization_id);
}

Result<domain::RetentionRule> RetentionService::create_rule(const RequestInfo& request,
                                                            std::int64_t organization_id,
                                                            domain::RetentionRule rule) {
  rule.organization_id = organization_id;
  rule.id = 0;
  if (auto errors = domain::validate_rule(rule); !errors.empty())
    return invalid_fields(std::move(errors));
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "adding a retention rule",
      [&](SQLite::Database& db) -> Result<domain::RetentionRule> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        if (auto s = check_no_contradiction(db, rule); !s) return std::move(s).error();
        rule.created_at = rule.updated_at = format_utc(clock_.now());
        auto id = store::insert_retention_rule(db, rule);
        if (!id) return std::move(id).error();
        if (rule.preset) {
          if (auto f = store::forget_preset_refusal(db, organization_id, *rule.preset); !f)
            return std::move(f).error();
        }
        auto audit = store::append_audit_entry(
            db, audit_entry(request, rule.created_at, "retention.rule.created", organization_id,
                            rule_subject(id.value()),
                            {"subject", "trigger", "delay", "action", "enabled", "description"}));
        if (!audit) return std::move(audit).error();
        return store::get_retention_rule(db, organization_id, id.value());
      });
}

Result<domain::RetentionRule> RetentionService::change_rule(const RequestInfo& request,
                                                            std::int64_t organization_id,
                                                            domain::RetentionRule rule) {
  rule.organization_id = organization_id;
  if (auto errors = domain::validate_rule(rule); !errors.empty())
    return invalid_fields(std::move(errors));
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "changing a retention rule",
      [&](SQLite::Database& db) -> Result<domain::RetentionRule> {
        auto current = store::get_retention_rule(db, organization_id, rule.id);
        if (!current) return std::move(current).error();
        if (current->version != rule.version) {
          return make_error(ErrorKind::precondition_failed, "precondition-failed",
                            "the rule was changed since version " + std::to_string(rule.version));
        }
        if (auto s = check_no_contradiction(db, rule); !s) return std::move(s).error();
        rule.updated_at = format_utc(clock_.now());
        if (auto u = store::update_retention_rule(db, rule); !u) return std::move(u).error();
        std::vector<std::string> changed;
        if (current->subject != rule.subject) changed.push_back("subject");
        if (current->trigger != rule.trigger) changed.push_back("trigger");
        if (current->delay.amount != rule.delay.amount || current->delay.unit != rule.delay.unit)
          changed.push_back("delay");
        if (current->action != rule.action) changed.push_back("action");
        if (current->enabled != rule.enabled) changed.push_back("enabled");
        if (current->description != rule.description) changed.push_back("description");
        auto audit = store::append_audit_entry(
            db, audit_entry(request, rule.updated_at, "retention.rule.changed", organization_id,
                            rule_subject(rule.id), changed));
        if (!audit) return std::move(audit).error();
        return store::get_retention_rule(db, organization_id, rule.id);
      });
}

Result<std::vector<RetentionService::PresetState>> RetentionService::presets(
    std::int64_t organization_id) {
  auto rules_now = rules(organization_id);
  if (!rules_now) return std::move(rules_now).error();
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto refused = store::refused_presets(lease->db(), organization_id);
  if (!refused) return std::move(refused).error();
  std::vector<PresetState> states;
  for (const auto& preset : domain::retention_presets()) {
    PresetState s{preset, "open", std::nullopt};
    for (const auto& r : rules_now.value()) {
      if (r.preset == preset.key) {
        s.state = "adopted";
        s.rule_id = r.id;
      }
    }
    if (s.state == "open" && refused->count(preset.key)) s.state = "refused";
    states.push_back(std::move(s));
  }
  return states;
}

Result<domain::RetentionRule> RetentionService::adopt_preset(const RequestInfo& request,
                                                             std::int64_t organization_id,
                                                             const std::string& key,
                                                             const std::string& language) {
  auto preset = domain::find_retention_preset(key);
  if (!preset) return make_error(ErrorKind::not_found, "not-found", "no such retention default");
  auto states = presets(organization_id);
  if (!states) return std::move(states).error();
  for (const auto& s : states.value()) {
    if (s.preset.key == key && s.state == "adopted") {
      return make_error(ErrorKind::conflict, "retention-preset-adopted",
                        "already adopted as rule " + std::to_string(*s.rule_id));
    }
  }
  return create_rule(request, organization_id, domain::rule_from_preset(*preset, language));
}

Status RetentionService::refuse_preset(const RequestInfo& request, std::int64_t organization_id,
                                       const std::string& key) {
  if (!domain::find_retention_preset(key))
    return make_error(ErrorKind::not_found, "not-found", "no such retention default");
  auto states = presets(organization_id);
  if (!states) return std::move(states).error();
  for (const auto& s : states.value()) {
    if (s.preset.key == key && s.state == "adopted") {
      return make_error(
          ErrorKind::conflict, "retention-preset-adopted",
          "adopted as rule " + std::to_string(*s.rule_id) + ": disable the rule instead");
    }
  }
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "refusing a retention default", [&](SQLite::Database& db) -> Status {
        const std::string now = format_utc(clock_.now());
        if (auto r =
                store::refuse_preset(db, organization_id, key, now, request.actor.audit_name());
            !r)
          return std::move(r).error();
        auto audit =
            store::append_audit_entry(db, audit_entry(request, now, "retention.default.refused",
                                                      organization_id, "retention_default:" + key));
        if (!audit) return std::move(audit).error();
        return ok_status();
      });
}

// ---- legal holds

Result<store::LegalHold> RetentionService::place_hold(const RequestInfo& request,
                                                      std::int64_t organization_id,
                                                      std::int64_t member_id,
                                                      const std::string& reason,
                                                      const std::string& until_on) {
  std::vector<FieldError> errors;
  if (reason.empty() || reason.size() > 500) errors.push_back({"reason", "retention-hold-reason"});
  const auto until = domain::parse_date(until_on);
  if (!until) errors.push_back({"until", "iso-date"});
  if (!errors.empty()) return invalid_fields(std::move(errors));
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "placing a legal hold", [&](SQLite::Database& db) -> Result<store::LegalHold> {
        auto member = member_in(db, organization_id, member_id);
        if (!member) return std::move(member).error();
        auto today = today_in(db, organization_id, clock_);
        if (!today) return std::move(today).error();
        if (*until < today.value())
          return invalid_fields({{"until", "retention-hold-in-the-past"}});
        store::LegalHold hold;
        hold.organization_id = organization_id;
        hold.member_id = member_id;
        hold.reason = reason;
        hold.until_on = domain::format_iso(*until);
        hold.created_at = format_utc(clock_.now());
        hold.created_by = request.actor.audit_name();
        auto id = store::insert_legal_hold(db, hold);
        if (!id) return std::move(id).error();
        // The reason stays out of the audit log: it may describe the person's situation.
        auto audit = store::append_audit_entry(
            db, audit_entry(request, hold.created_at, "retention.hold.placed", organization_id,
                            member_subject(member.value()),
                            {"hold:" + std::to_string(id.value()), "until"}));
        if (!audit) return std::move(audit).error();
        return store::get_legal_hold(db, organization_id, id.value());
      });
}

Result<std::vector<store::LegalHold>> RetentionService::holds(const RequestInfo& request,
                                                              std::int64_t organization_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  // Audited like any list of members: a hold's reason may describe the person's situation.
  return store::in_write_transaction(
      lease->db(), "listing legal holds",
      [&](SQLite::Database& db) -> Result<std::vector<store::LegalHold>> {
        auto today = today_in(db, organization_id, clock_);
        if (!today) return std::move(today).error();
        auto holds = store::active_legal_holds(db, organization_id,
                                               domain::format_iso(today.value()), std::nullopt);
        if (!holds) return std::move(holds).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, format_utc(clock_.now()), "retention.holds.listed",
                            organization_id, "organization:" + std::to_string(organization_id),
                            {"count:" + std::to_string(holds->size())}));
        if (!audit) return std::move(audit).error();
        return holds;
      });
}

Status RetentionService::release_hold(const RequestInfo& request, std::int64_t organization_id,
                                      std::int64_t hold_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "releasing a legal hold", [&](SQLite::Database& db) -> Status {
        const std::string now = format_utc(clock_.now());
        if (auto r = store::release_legal_hold(db, organization_id, hold_id, now,
                                               request.actor.audit_name());
            !r)
          return std::move(r).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, now, "retention.hold.released", organization_id,
                            "legal_hold:" + std::to_string(hold_id)));
        if (!audit) return std::move(audit).error();
        return ok_status();
      });
}

// ---- reviews and notices

Result<std::vector<store::Review>> RetentionService::reviews(std::int64_t organization_id,
                                                             bool pending_only) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto org = store::get_organization(lease->db(), organization_id);
  if (!org) return std::move(org).error();
  return store::list_reviews(lease->db(), organization_id, pending_only);
}

Result<std::vector<store::Notice>> RetentionService::notices(std::int64_t organization_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto org = store::get_organization(lease->db(), organization_id);
  if (!org) return std::move(org).error();
  return store::list_notices(lease->db(), organization_id, 100);
}

}  // namespace registre::services
