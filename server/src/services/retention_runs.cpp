// Retention runs: planned in one transaction from compute_due (the preview's code), carried out
// in batches that each commit their work with the items they mark done, and closed by a report
// whose hash is chained into the audit log. A crash leaves a run 'running': the next run, or
// the job at start, finishes it. Keys of erased members are destroyed after each batch commits
// (a crash in between leaves keys that open nothing; they are destroyed at start).
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/log.hpp"
#include "core/timezone.hpp"
#include "crypto/sodium.hpp"
#include "services/audit.hpp"
#include "services/member_erasure.hpp"
#include "services/member_lookup.hpp"
#include "services/organization_today.hpp"
#include "services/retention_dates.hpp"
#include "services/retention_service.hpp"
#include "store/audit_store.hpp"
#include "store/erasure_store.hpp"
#include "store/member_store.hpp"
#include "store/organization_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

using domain::RetentionAction;

// Erases (or anonymises) one member of the organisation; returns the pseudonym whose key to
// destroy after the commit.
Result<std::string> erase_member_by_id(SQLite::Database& db, store::ErasureBatch& journal,
                                       const RequestInfo& request, std::int64_t organization_id,
                                       std::int64_t member_id, bool anonymise,
                                       const std::string& now, const std::string& today,
                                       const std::vector<std::string>& why) {
  auto member = member_in(db, organization_id, member_id);
  if (!member) return std::move(member).error();
  auto erased = erase_member_here(db, journal, request, member.value(), anonymise, now, today, why);
  if (!erased) return std::move(erased).error();
  return erased->pseudonym;
}

struct ItemDone {
  std::string outcome;
  std::optional<std::string> shred;  // a pseudonym whose key goes after the commit
};

// Does one item of a run, in the batch's transaction. Checks again what may have changed since
// the plan (a run resumed after a crash may be days later): a hold placed since (`held`: the
// members held today), a member who came back.
Result<ItemDone> do_item(SQLite::Database& db, store::ErasureBatch& journal,
                         const RequestInfo& request, std::int64_t organization_id,
                         std::int64_t run_id, const store::RunItem& item,
                         const std::map<std::int64_t, domain::RetentionRule>& rules,
                         const std::set<std::int64_t>& held, const std::string& now,
                         const std::string& today) {
  auto rule = rules.find(item.rule_id);
  if (rule == rules.end()) return ItemDone{"rule-removed", std::nullopt};
  const auto action =
      domain::retention_action_from_string(item.action).value_or(RetentionAction::review);
  if (item.target_kind == "member") {
    auto member = member_in(db, organization_id, item.target_id);
    if (!member) {
      if (member.error().kind == ErrorKind::not_found) return ItemDone{"gone", std::nullopt};
      return std::move(member).error();
    }
    if (member->status != status_of_subject(rule->second.subject))
      return ItemDone{"no-longer-due", std::nullopt};
    if (held.count(item.target_id)) return ItemDone{"held", std::nullopt};
    if (action == RetentionAction::review) {
      store::Review review;
      review.organization_id = organization_id;
      review.rule_id = item.rule_id;
      review.member_id = item.target_id;
      review.due_on = today;
      review.created_at = now;
      auto opened = store::open_review(db, review);
      if (!opened) return std::move(opened).error();
      return ItemDone{opened.value() ? "review-opened" : "review-already-open", std::nullopt};
    }
    const bool anonymise = action == RetentionAction::anonymise;
    auto erased = erase_member_here(db, journal, request, member.value(), anonymise, now, today,
                                    {"retentionRun:" + std::to_string(run_id),
                                     "retentionRule:" + std::to_string(item.rule_id)});
    if (!erased) return std::move(erased).error();
    return ItemDone{anonymise ? "anonymised" : "erased", erased->pseudonym};
  }
  // A record about a member held since the plan (a dues line, evidence, a link) waits too.
  if (item.member_id && held.count(*item.member_id)) return ItemDone{"held", std::nullopt};
  Result<bool> changed = false;
  if (item.target_kind == "consent_withdrawal") {
    auto deleted = store::delete_withdrawn_evidence(db, item.target_id);
    if (!deleted) return std::move(deleted).error();
    changed = deleted.value() > 0;
  } else if (item.target_kind == "audit_entry") {
    changed = store::redact_audit_entry(db, organization_id, item.target_id);
  } else if (item.target_kind == "membership") {
    changed = action == RetentionAction::anonymise
                  ? store::anonymise_membership(db, organization_id, item.target_id)
                  : store::delete_membership(db, organization_id, item.target_id);
  } else if (item.target_kind == "public_link") {
    changed = store::delete_public_link(db, organization_id, item.target_id);
  } else if (item.target_kind == "subject_request") {
    changed = store::delete_subject_request(db, organization_id, item.target_id);
  }
  if (!changed) return std::move(changed).error();
  if (!changed.value()) return ItemDone{"gone", std::nullopt};
  if (item.target_kind == "audit_entry") return ItemDone{"redacted", std::nullopt};
  return ItemDone{action == RetentionAction::anonymise ? "anonymised" : "erased", std::nullopt};
}

std::string delay_text(const domain::Delay& d) {
  return std::to_string(d.amount) + " " + std::string(domain::to_string(d.unit));
}

// The report of a run: per rule, the count of each outcome and every item by its pseudonymous
// reference. Its hash is the BLAKE2b-256 of exactly the stored text.
nlohmann::json build_report(const store::Run& run, const std::string& finished_at,
                            const std::vector<store::RunItem>& items,
                            const std::map<std::int64_t, domain::RetentionRule>& rules) {
  std::map<std::int64_t, nlohmann::json> per_rule;
  for (const auto& item : items) {
    auto& r = per_rule[item.rule_id];
    if (r.is_null()) {
      r = {{"ruleId", item.rule_id},
           {"action", item.action},
           {"counts", nlohmann::json::object()},
           {"items", nlohmann::json::array()}};
      if (auto rule = rules.find(item.rule_id); rule != rules.end()) {
        r["subject"] = domain::to_string(rule->second.subject);
        r["trigger"] = domain::to_string(rule->second.trigger);
        r["delay"] = delay_text(rule->second.delay);
      }
    }
    const std::string outcome = item.outcome.value_or("not-done");
    r["counts"][outcome] = r["counts"].value(outcome, 0) + 1;
    r["items"].push_back({{"reference", item.reference}, {"outcome", outcome}});
  }
  nlohmann::json report = {{"format", "registre-retention-report-v1"},
                           {"runId", run.id},
                           {"organizationId", run.organization_id},
                           {"asOf", run.as_of},
                           {"startedAt", run.started_at},
                           {"startedBy", run.started_by},
                           {"finishedAt", finished_at},
                           {"rules", nlohmann::json::array()}};
  for (auto& [id, r] : per_rule)
    report["rules"].push_back(std::move(r));
  return report;
}

Result<std::map<std::int64_t, domain::RetentionRule>> rules_by_id(SQLite::Database& db,
                                                                  std::int64_t organization_id) {
  auto rules = store::list_retention_rules(db, organization_id);
  if (!rules) return std::move(rules).error();
  std::map<std::int64_t, domain::RetentionRule> by_id;
  for (auto& r : rules.value())
    by_id.emplace(r.id, std::move(r));
  return by_id;
}

RequestInfo job_request() {
  return system_request("retention-job");
}

}  // namespace

Result<std::size_t> RetentionService::execute(const RequestInfo& request,
                                              std::int64_t organization_id, std::int64_t run_id,
                                              int batch_size) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  std::size_t done = 0;
  for (;;) {
    std::vector<std::string> to_shred;
    store::ErasureBatch journal(journal_);
    auto batch = store::in_write_transaction(
        lease->db(), "carrying out retention", [&](SQLite::Database& db) -> Result<std::size_t> {
          auto items = store::pending_items(db, run_id, static_cast<std::size_t>(batch_size));
          if (!items) return std::move(items).error();
          if (items->empty()) return std::size_t{0};
          auto rules = rules_by_id(db, organization_id);
          if (!rules) return std::move(rules).error();
          auto today = today_in(db, organization_id, clock_);
          if (!today) return std::move(today).error();
          const std::string today_text = domain::format_iso(today.value());
          const std::string now = format_utc(clock_.now());
          auto holds = store::active_legal_holds(db, organization_id, today_text, std::nullopt);
          if (!holds) return std::move(holds).error();
          std::set<std::int64_t> held;
          for (const auto& h : holds.value())
            held.insert(h.member_id);
          for (const auto& item : items.value()) {
            auto result = do_item(db, journal, request, organization_id, run_id, item,
                                  rules.value(), held, now, today_text);
            if (!result) return std::move(result).error();
            if (result->shred) to_shred.push_back(*result->shred);
            if (auto s = store::set_item_outcome(db, run_id, item.seq, result->outcome); !s)
              return std::move(s).error();
          }
          // Last, just before the commit (store/erasure_journal.hpp says why in that order).
          if (auto written = journal.write(); !written) return std::move(written).error();
          return items->size();
        });
    if (!batch) return std::move(batch).error();
    journal.committed();
    if (auto s = sensitive_.shred_all(to_shred); !s) {
      log::error("erased members' keys could not be destroyed", {{"detail", s.error().detail}});
      return std::move(s).error();
    }
    if (batch.value() > 0) {
      done += batch.value();
      continue;
    }
    // Once per run, not per batch (the merge rewrites the whole index): erased members' words
    // leave the search index's older segments, and secure_delete zeroes the freed pages. A run
    // resumed after a crash merges too, for the batches the crash left unmerged.
    auto merged = store::in_write_transaction(lease->db(), "merging the search index",
                                              [&](SQLite::Database& db) -> Status {
                                                auto erased = store::run_erased_members(db, run_id);
                                                if (!erased) return std::move(erased).error();
                                                if (!erased.value()) return ok_status();
                                                return store::optimise_member_search(db);
                                              });
    if (!merged) return std::move(merged).error();
    return done;
  }
}

Result<RetentionService::RunView> RetentionService::run_in(const RequestInfo& request,
                                                           std::int64_t organization_id,
                                                           bool resume_only) {
  auto current = settings(organization_id);
  if (!current) return std::move(current).error();
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto running = store::running_run(lease->db(), organization_id);
  if (!running) return std::move(running).error();
  std::int64_t run_id = 0;
  if (running->has_value()) {
    run_id = running->value().id;
    log::info("resuming an interrupted retention run", {{"run", run_id}});
  } else {
    if (resume_only) return make_error(ErrorKind::not_found, "not-found", "no interrupted run");
    auto planned = store::in_write_transaction(
        lease->db(), "planning a retention run", [&](SQLite::Database& db) -> Result<std::int64_t> {
          auto today = today_in(db, organization_id, clock_);
          if (!today) return std::move(today).error();
          auto rules_now = store::list_retention_rules(db, organization_id);
          if (!rules_now) return std::move(rules_now).error();
          auto due = compute_due(db, organization_id, rules_now.value(), today.value(),
                                 current->require_approval);
          if (!due) return std::move(due).error();
          std::vector<store::RunItem> items;
          for (const auto& r : due.value()) {
            for (const auto& i : r.items) {
              store::RunItem item;
              item.seq = static_cast<std::int64_t>(items.size()) + 1;
              item.rule_id = r.rule.id;
              item.target_kind = i.record.target_kind;
              item.target_id = i.record.target_id;
              item.reference = i.record.reference;
              item.member_id = i.record.member_id;
              item.action = std::string(domain::to_string(r.rule.action));
              // Held and unapproved items are reported, not done.
              if (i.state == "held" || i.state == "awaiting-approval") item.outcome = i.state;
              items.push_back(std::move(item));
            }
          }
          store::Run run;
          run.organization_id = organization_id;
          run.as_of = domain::format_iso(today.value());
          run.started_at = format_utc(clock_.now());
          run.started_by = request.actor.audit_name();
          return store::insert_run(db, run, items);
        });
    if (!planned) return std::move(planned).error();
    run_id = planned.value();
  }
  if (auto e = execute(request, organization_id, run_id, current->batch_size); !e)
    return std::move(e).error();
  auto finished = store::in_write_transaction(
      lease->db(), "reporting a retention run", [&](SQLite::Database& db) -> Result<RunView> {
        auto run = store::get_run(db, organization_id, run_id);
        if (!run) return std::move(run).error();
        auto items = store::run_items(db, run_id);
        if (!items) return std::move(items).error();
        auto rules = rules_by_id(db, organization_id);
        if (!rules) return std::move(rules).error();
        const std::string now = format_utc(clock_.now());
        const std::string report =
            build_report(run.value(), now, items.value(), rules.value()).dump();
        const std::string hash = crypto::blake2b_256_hex(report);
        if (auto c = store::complete_run(db, run_id, now, report, hash); !c)
          return std::move(c).error();
        std::map<std::string, int> totals;
        for (const auto& i : items.value())
          ++totals[i.outcome.value_or("not-done")];
        std::vector<std::string> fields = {"run:" + std::to_string(run_id), "reportHash:" + hash};
        for (const auto& [outcome, n] : totals)
          fields.push_back(outcome + ":" + std::to_string(n));
        auto audit = store::append_audit_entry(
            db, audit_entry(request, now, "retention.run.completed", organization_id,
                            "retention_run:" + std::to_string(run_id), fields));
        if (!audit) return std::move(audit).error();
        if (!items->empty()) {  // managers hear of runs that did or found something
          store::Notice notice;
          notice.organization_id = organization_id;
          notice.kind = "completed";
          notice.run_id = run_id;
          notice.horizon = run->as_of;
          notice.counts = nlohmann::json(totals).dump();
          notice.created_at = now;
          if (auto n = store::insert_notice(db, notice); !n) return std::move(n).error();
        }
        auto done = store::get_run(db, organization_id, run_id);
        if (!done) return std::move(done).error();
        return RunView{done.value(), std::move(items).value()};
      });
  if (finished) store::checkpoint_and_truncate_log(lease->db());
  return finished;
}

Result<RetentionService::RunView> RetentionService::run_now(const RequestInfo& request,
                                                            std::int64_t organization_id) {
  {
    auto lease = db_.acquire();
    if (!lease) return std::move(lease).error();
    auto org = store::get_organization(lease->db(), organization_id);
    if (!org) return std::move(org).error();
  }
  // An interrupted run is finished first; then today's run.
  auto resumed = run_in(request, organization_id, true);
  if (!resumed && resumed.error().kind != ErrorKind::not_found) return resumed;
  return run_in(request, organization_id, false);
}

Result<std::vector<store::Run>> RetentionService::runs(std::int64_t organization_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto org = store::get_organization(lease->db(), organization_id);
  if (!org) return std::move(org).error();
  return store::list_runs(lease->db(), organization_id, 100);
}

Result<RetentionService::RunView> RetentionService::run(std::int64_t organization_id,
                                                        std::int64_t run_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto r = store::get_run(lease->db(), organization_id, run_id);
  if (!r) return std::move(r).error();
  auto items = store::run_items(lease->db(), run_id);
  if (!items) return std::move(items).error();
  return RunView{std::move(r).value(), std::move(items).value()};
}

Status RetentionService::announce_upcoming(std::int64_t organization_id, domain::Date today,
                                           int notice_days) {
  if (notice_days <= 0) return ok_status();
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "announcing retention work", [&](SQLite::Database& db) -> Status {
        const domain::Date horizon =
            domain::add_delay(today, {notice_days, domain::DelayUnit::days});
        const std::string horizon_text = domain::format_iso(horizon);
        auto last = store::last_upcoming_horizon(db, organization_id);
        if (!last) return std::move(last).error();
        const std::string from = last->value_or(domain::format_iso(today));
        if (horizon_text <= from) return ok_status();
        auto p = preview_in(db, organization_id, horizon);
        if (!p) return std::move(p).error();
        nlohmann::json counts = nlohmann::json::object();
        std::size_t total = 0;
        for (const auto& r : p->rules) {
          std::size_t n = 0;
          for (const auto& i : r.items)
            if (!i.hold && i.due_on > from && i.due_on <= horizon_text) ++n;
          if (n > 0) counts[std::to_string(r.rule.id)] = n;
          total += n;
        }
        if (total == 0) return ok_status();
        store::Notice notice;
        notice.organization_id = organization_id;
        notice.kind = "upcoming";
        notice.horizon = horizon_text;
        notice.counts = counts.dump();
        notice.created_at = format_utc(clock_.now());
        return store::insert_notice(db, notice);
      });
}

Result<bool> RetentionService::tick_organization(const domain::Organization& org) {
  const RequestInfo job = job_request();
  bool completed = false;
  // A run a crash interrupted is finished whatever the time.
  auto resumed = run_in(job, org.id, true);
  if (resumed)
    completed = true;
  else if (resumed.error().kind != ErrorKind::not_found)
    return std::move(resumed).error();
  auto s = settings(org.id);
  if (!s) return std::move(s).error();
  auto zone = time_zone(org.timezone);
  if (!zone) return std::move(zone).error();
  const auto now = clock_.now();
  const domain::Date today = zone.value()->local_date(now);
  const int run_at = std::stoi(s->run_at.substr(0, 2)) * 60 + std::stoi(s->run_at.substr(3, 2));
  if (local_minutes(*zone.value(), now) < run_at) return completed;
  {
    auto lease = db_.acquire();
    if (!lease) return std::move(lease).error();
    // An organisation without an enabled rule has nothing to apply: no daily run to record.
    auto rules = store::list_retention_rules(lease->db(), org.id);
    if (!rules) return std::move(rules).error();
    if (std::none_of(rules->begin(), rules->end(), [](const auto& r) { return r.enabled; }))
      return completed;
    auto ran = store::run_exists_for(lease->db(), org.id, domain::format_iso(today));
    if (!ran) return std::move(ran).error();
    if (ran.value()) return completed;
  }
  auto ran = run_in(job, org.id, false);
  if (!ran) return std::move(ran).error();
  if (auto a = announce_upcoming(org.id, today, s->notice_days); !a) return std::move(a).error();
  return true;
}

Result<std::size_t> RetentionService::tick() {
  std::vector<domain::Organization> organizations;
  {
    auto lease = db_.acquire();
    if (!lease) return std::move(lease).error();
    auto all = store::list_organizations(lease->db());
    if (!all) return std::move(all).error();
    organizations = std::move(all).value();
  }
  std::size_t completed = 0;
  for (const auto& org : organizations) {
    if (org.archived) continue;
    // One organisation's failure (logged) does not keep the others' rules from applying.
    auto done = tick_organization(org);
    if (!done) {
      log::error("retention failed for an organization",
                 {{"organization", org.id}, {"detail", done.error().detail}});
    } else if (done.value()) {
      ++completed;
    }
  }
  return completed;
}

Result<store::Review> RetentionService::decide_review(const RequestInfo& request,
                                                      std::int64_t organization_id,
                                                      std::int64_t review_id,
                                                      const std::string& decision,
                                                      const std::optional<std::string>& reason,
                                                      const std::optional<std::string>& until_on) {
  std::vector<FieldError> errors;
  if (decision != "keep" && decision != "erase")
    errors.push_back({"decision", "retention-review-decision"});
  std::optional<domain::Date> until;
  if (decision == "keep") {
    if (!reason || reason->empty() || reason->size() > 500)
      errors.push_back({"reason", "retention-hold-reason"});
    if (!until_on || !(until = domain::parse_date(*until_on)))
      errors.push_back({"until", "iso-date"});
  }
  if (!errors.empty()) return invalid_fields(std::move(errors));
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  std::optional<std::string> to_shred;
  store::ErasureBatch journal(journal_);
  auto decided = store::in_write_transaction(
      lease->db(), "deciding a retention review",
      [&](SQLite::Database& db) -> Result<store::Review> {
        auto review = store::get_review(db, organization_id, review_id);
        if (!review) return std::move(review).error();
        if (review->decision)
          return make_error(ErrorKind::conflict, "conflict", "the review was already decided");
        auto today = today_in(db, organization_id, clock_);
        if (!today) return std::move(today).error();
        const std::string now = format_utc(clock_.now());
        const std::string today_text = domain::format_iso(today.value());
        if (review->member_id && decision == "keep") {
          if (*until < today.value())
            return invalid_fields({{"until", "retention-hold-in-the-past"}});
          store::LegalHold hold;
          hold.organization_id = organization_id;
          hold.member_id = *review->member_id;
          hold.reason = *reason;
          hold.until_on = domain::format_iso(*until);
          hold.created_at = now;
          hold.created_by = request.actor.audit_name();
          auto id = store::insert_legal_hold(db, hold);
          if (!id) return std::move(id).error();
        } else if (review->member_id) {
          // A hold placed since the review opened wins: the member is not erased.
          auto holds =
              store::active_legal_holds(db, organization_id, today_text, *review->member_id);
          if (!holds) return std::move(holds).error();
          if (!holds->empty()) {
            return make_error(ErrorKind::conflict, "retention-member-held",
                              "a legal hold keeps this member until " + holds->front().until_on);
          }
          auto pseudonym =
              erase_member_by_id(db, journal, request, organization_id, *review->member_id, false,
                                 now, today_text, {"retentionReview:" + std::to_string(review_id)});
          if (!pseudonym) return std::move(pseudonym).error();
          if (auto s = store::optimise_member_search(db); !s) return std::move(s).error();
          to_shred = pseudonym.value();
        }
        if (auto d = store::decide_review(db, review_id, decision, now, request.actor.audit_name());
            !d)
          return std::move(d).error();
        auto audit = store::append_audit_entry(
            db,
            audit_entry(request, now, "retention.review.decided", organization_id,
                        "retention_review:" + std::to_string(review_id), {"decision:" + decision}));
        if (!audit) return std::move(audit).error();
        auto decided_review = store::get_review(db, organization_id, review_id);
        if (!decided_review) return decided_review;
        // Last, just before the commit (store/erasure_journal.hpp says why in that order).
        if (auto written = journal.write(); !written) return std::move(written).error();
        return decided_review;
      });
  if (!decided) return decided;
  journal.committed();
  if (to_shred) {
    if (auto s = sensitive_.shred(*to_shred); !s) return std::move(s).error();
    store::checkpoint_and_truncate_log(lease->db());
  }
  return decided;
}

}  // namespace registre::services
