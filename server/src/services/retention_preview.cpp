// What retention rules have due on a date: the preview, the explanation for one member, and
// approvals. The run plans its work with the same compute_due (retention_runs.cpp).
#include <algorithm>
#include <map>
#include <set>

#include "core/timezone.hpp"
#include "crypto/sodium.hpp"
#include "services/audit.hpp"
#include "services/member_lookup.hpp"
#include "services/organization_today.hpp"
#include "services/retention_dates.hpp"
#include "services/retention_service.hpp"
#include "store/audit_store.hpp"
#include "store/organization_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

using domain::RetentionAction;

bool needs_approval(const domain::RetentionRule& rule, bool approval_required) {
  return approval_required && rule.action != RetentionAction::review;
}

// The hash of what is due: rule and version, record, and whether a hold blocks it. Approvals
// quote it, so that a person approves exactly the list they saw.
std::string due_hash(const std::string& as_of,
                     const std::vector<RetentionService::RuleDue>& rules) {
  std::string text = "registre-retention-preview-v1\n" + as_of + "\n";
  for (const auto& r : rules) {
    text += "rule " + std::to_string(r.rule.id) + " " + std::to_string(r.rule.version) + "\n";
    for (const auto& i : r.items) {
      text += i.record.target_kind + " " + std::to_string(i.record.target_id) + " " +
              (i.hold ? "held " + std::to_string(i.hold->id) : "free") + "\n";
    }
  }
  return crypto::blake2b_256_hex(text);
}

Result<std::shared_ptr<const TimeZone>> zone_of(SQLite::Database& db,
                                                std::int64_t organization_id) {
  auto org = store::get_organization(db, organization_id);
  if (!org) return std::move(org).error();
  return time_zone(org->timezone);
}

Result<domain::Date> date_or_today(SQLite::Database& db, std::int64_t organization_id,
                                   const Clock& clock, const std::optional<std::string>& on) {
  if (!on) return today_in(db, organization_id, clock);
  auto date = domain::parse_date(*on);
  if (!date) return invalid_fields({{"on", "iso-date"}});
  return date.value();
}

}  // namespace

Result<std::vector<RetentionService::RuleDue>> RetentionService::compute_due(
    SQLite::Database& db, std::int64_t organization_id,
    const std::vector<domain::RetentionRule>& rules, domain::Date as_of, bool approval_required) {
  auto zone = zone_of(db, organization_id);
  if (!zone) return std::move(zone).error();
  const std::string as_of_text = domain::format_iso(as_of);
  auto holds = store::active_legal_holds(db, organization_id, as_of_text, std::nullopt);
  if (!holds) return std::move(holds).error();
  std::map<std::int64_t, store::LegalHold> hold_of;  // the longest hold of each member
  for (const auto& h : holds.value()) {
    auto [it, inserted] = hold_of.emplace(h.member_id, h);
    if (!inserted && h.until_on > it->second.until_on) it->second = h;
  }
  std::vector<RuleDue> result;
  for (const auto& rule : rules) {
    if (!rule.enabled) continue;
    RuleDue due{rule, {}};
    const domain::Date last = domain::latest_due_trigger(as_of, rule.delay);
    auto records = store::find_due_records(db, rule, due_bound(*zone.value(), last));
    if (!records) return std::move(records).error();
    std::set<std::pair<std::string, std::int64_t>> approved;
    if (needs_approval(rule, approval_required)) {
      auto found = store::approved_targets(db, rule.id, rule.version, records.value());
      if (!found) return std::move(found).error();
      approved = std::move(found).value();
    }
    for (auto& record : records.value()) {
      DueItem item;
      const auto trigger = local_date_of(*zone.value(), record.trigger);
      if (trigger) {
        item.trigger_date = domain::format_iso(*trigger);
        item.due_on = domain::format_iso(domain::add_delay(*trigger, rule.delay));
      }
      if (record.member_id) {
        if (auto h = hold_of.find(*record.member_id); h != hold_of.end()) item.hold = h->second;
      }
      if (item.hold) {
        item.state = "held";
      } else if (needs_approval(rule, approval_required)) {
        item.state = approved.count({record.target_kind, record.target_id}) ? "approved"
                                                                            : "awaiting-approval";
      } else {
        item.state = "due";
      }
      item.record = std::move(record);
      due.items.push_back(std::move(item));
    }
    result.push_back(std::move(due));
  }
  return result;
}

Result<RetentionService::Preview> RetentionService::preview_in(SQLite::Database& db,
                                                               std::int64_t organization_id,
                                                               domain::Date as_of) {
  auto rules_now = store::list_retention_rules(db, organization_id);
  if (!rules_now) return std::move(rules_now).error();
  auto text = store::read_retention_settings(db, organization_id);
  if (!text) return std::move(text).error();
  Preview p;
  p.as_of = domain::format_iso(as_of);
  p.approval_required = parse_retention_settings(text.value()).require_approval;
  auto due = compute_due(db, organization_id, rules_now.value(), as_of, p.approval_required);
  if (!due) return std::move(due).error();
  p.rules = std::move(due).value();
  p.hash = due_hash(p.as_of, p.rules);
  return p;
}

Result<RetentionService::Preview> RetentionService::preview(const RequestInfo& request,
                                                            std::int64_t organization_id,
                                                            const std::optional<std::string>& on) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  // A write transaction for the audit entry; the preview itself changes nothing.
  return store::in_write_transaction(
      lease->db(), "previewing retention", [&](SQLite::Database& db) -> Result<Preview> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto as_of = date_or_today(db, organization_id, clock_, on);
        if (!as_of) return std::move(as_of).error();
        auto p = preview_in(db, organization_id, as_of.value());
        if (!p) return p;
        auto audit = store::append_audit_entry(
            db, audit_entry(request, format_utc(clock_.now()), "retention.previewed",
                            organization_id, "retention_preview:" + p->hash, {"asOf:" + p->as_of}));
        if (!audit) return std::move(audit).error();
        return p;
      });
}

Result<std::vector<RetentionService::Explanation>> RetentionService::explain(
    const RequestInfo& request, std::int64_t organization_id, std::int64_t member_id,
    const std::optional<std::string>& on) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "explaining retention",
      [&](SQLite::Database& db) -> Result<std::vector<Explanation>> {
        auto member = member_in(db, organization_id, member_id);
        if (!member) return std::move(member).error();
        auto as_of = date_or_today(db, organization_id, clock_, on);
        if (!as_of) return std::move(as_of).error();
        auto zone = zone_of(db, organization_id);
        if (!zone) return std::move(zone).error();
        auto facts = store::member_trigger_facts(db, organization_id, member_id);
        if (!facts) return std::move(facts).error();
        auto holds = store::active_legal_holds(db, organization_id,
                                               domain::format_iso(as_of.value()), member_id);
        if (!holds) return std::move(holds).error();
        auto rules_now = store::list_retention_rules(db, organization_id);
        if (!rules_now) return std::move(rules_now).error();
        std::vector<Explanation> out;
        for (const auto& rule : rules_now.value()) {
          Explanation e{rule, false, "", std::nullopt, std::nullopt, std::nullopt};
          if (!domain::is_member_subject(rule.subject)) {
            e.reason = "record-rule";  // applies to records, not to the member as such
          } else if (!rule.enabled) {
            e.reason = "rule-disabled";
          } else if (facts->status != status_of_subject(rule.subject)) {
            e.reason = "not-in-subject";
          } else {
            std::optional<std::string> trigger;
            switch (rule.trigger) {
              case domain::RetentionTrigger::date_left:
                trigger = facts->left_on;
                break;
              case domain::RetentionTrigger::application_date:
                trigger = facts->created_at;
                break;
              case domain::RetentionTrigger::end_of_last_membership:
                if (facts->lifetime_membership) break;
                trigger = facts->has_membership ? facts->last_membership_end : facts->admitted_on;
                break;
              default:
                break;
            }
            const auto date = trigger ? local_date_of(*zone.value(), *trigger) : std::nullopt;
            if (!date) {
              e.reason = "no-trigger-date";
            } else {
              e.trigger_date = domain::format_iso(*date);
              const domain::Date due_on = domain::add_delay(*date, rule.delay);
              e.due_on = domain::format_iso(due_on);
              if (due_on > as_of.value()) {
                e.reason = "not-yet-due";
              } else if (!holds->empty()) {
                e.reason = "held";
                // The hold that lasts longest, as the preview shows it.
                e.hold = *std::max_element(
                    holds->begin(), holds->end(),
                    [](const auto& a, const auto& b) { return a.until_on < b.until_on; });
              } else {
                e.due = true;
                e.reason = "due";
              }
            }
          }
          out.push_back(std::move(e));
        }
        auto audit = store::append_audit_entry(
            db, audit_entry(request, format_utc(clock_.now()), "retention.explained",
                            organization_id, member_subject(member.value())));
        if (!audit) return std::move(audit).error();
        return out;
      });
}

Result<RetentionService::Approval> RetentionService::approve(const RequestInfo& request,
                                                             std::int64_t organization_id,
                                                             const std::string& on,
                                                             const std::string& preview_hash) {
  std::vector<FieldError> errors;
  const auto as_of = domain::parse_date(on);
  if (!as_of) errors.push_back({"on", "iso-date"});
  if (preview_hash.size() != 64) errors.push_back({"previewHash", "retention-preview-hash"});
  if (!errors.empty()) return invalid_fields(std::move(errors));
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "approving a retention preview", [&](SQLite::Database& db) -> Result<Approval> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto p = preview_in(db, organization_id, *as_of);
        if (!p) return std::move(p).error();
        if (p->hash != preview_hash) {
          Error e = make_error(ErrorKind::conflict, "retention-preview-stale",
                               "what is due changed since this preview; preview again");
          e.fields.push_back({"previewHash", "retention-preview-stale"});
          return e;
        }
        std::vector<store::ApprovedItem> items;
        for (const auto& r : p->rules) {
          if (r.rule.action == RetentionAction::review) continue;
          for (const auto& i : r.items) {
            if (i.hold) continue;  // a hold is not approved away
            items.push_back({r.rule.id, r.rule.version, i.record.target_kind, i.record.target_id,
                             i.record.trigger});
          }
        }
        const std::string now = format_utc(clock_.now());
        auto id = store::insert_approval(db, organization_id, p->as_of, p->hash, now,
                                         request.actor.audit_name(), items);
        if (!id) return std::move(id).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, now, "retention.approved", organization_id,
                            "retention_preview:" + p->hash,
                            {"asOf:" + p->as_of, "items:" + std::to_string(items.size())}));
        if (!audit) return std::move(audit).error();
        return Approval{id.value(), p->as_of, items.size()};
      });
}

}  // namespace registre::services
