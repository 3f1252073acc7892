#pragma once
// Retention rules, legal holds, approvals, runs, reviews, notices and anonymised statistics; and
// the search for what a rule has due, one index range per subject (schema/0010_retention.sql),
// so that its cost follows what is due and not the size of the register.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/member_statistics.hpp"
#include "domain/retention_rule.hpp"

namespace registre::store {

// ---- rules
Result<std::vector<domain::RetentionRule>> list_retention_rules(SQLite::Database& db,
                                                                std::int64_t organization_id);
Result<domain::RetentionRule> get_retention_rule(SQLite::Database& db, std::int64_t organization_id,
                                                 std::int64_t id);
Result<std::int64_t> insert_retention_rule(SQLite::Database& db, const domain::RetentionRule& rule);
// Writes every field of `rule` and bumps its version; not_found when it is not the
// organisation's, precondition_failed when its version is no longer `rule.version`.
Status update_retention_rule(SQLite::Database& db, const domain::RetentionRule& rule);

Result<std::set<std::string>> refused_presets(SQLite::Database& db, std::int64_t organization_id);
Status refuse_preset(SQLite::Database& db, std::int64_t organization_id, const std::string& preset,
                     const std::string& at, const std::string& by);
Status forget_preset_refusal(SQLite::Database& db, std::int64_t organization_id,
                             const std::string& preset);

// The organisation's retention settings: the "retention" object of organizations.settings, as
// JSON text ("{}" when never set).
Result<std::string> read_retention_settings(SQLite::Database& db, std::int64_t organization_id);
Status write_retention_settings(SQLite::Database& db, std::int64_t organization_id,
                                const std::string& json);

// ---- legal holds
struct LegalHold {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::int64_t member_id = 0;
  std::string reason;
  std::string until_on;
  std::string created_at, created_by;
  std::optional<std::string> released_at, released_by;
};
Result<std::int64_t> insert_legal_hold(SQLite::Database& db, const LegalHold& hold);
Result<LegalHold> get_legal_hold(SQLite::Database& db, std::int64_t organization_id,
                                 std::int64_t id);
// Holds not released and lasting to `on` or later; of one member when `member_id` is set.
Result<std::vector<LegalHold>> active_legal_holds(SQLite::Database& db,
                                                  std::int64_t organization_id,
                                                  const std::string& on,
                                                  std::optional<std::int64_t> member_id);
Status release_legal_hold(SQLite::Database& db, std::int64_t organization_id, std::int64_t id,
                          const std::string& at, const std::string& by);

// ---- what is due
// One record a rule has due. `member_id` is the member it is about, when there is one (a hold
// on them blocks it).
struct DueRecord {
  std::string target_kind;  // member, membership, consent_withdrawal, audit_entry, public_link,
                            // subject_request
  std::int64_t target_id = 0;
  std::optional<std::int64_t> member_id;
  std::string reference;  // pseudonymous: "member:<pseudonym>" or "<kind>:<id>"
  std::string trigger;    // the trigger's stored value: a date, or a UTC timestamp
};

// The bounds of "due": dates on or before `last_date`, timestamps before `before_utc` (the
// start, in UTC, of the day after last_date in the organisation's time zone).
struct DueBound {
  std::string last_date;
  std::string before_utc;
};

// Every record `rule` has due within `bound`, ordered by target id.
Result<std::vector<DueRecord>> find_due_records(SQLite::Database& db,
                                                const domain::RetentionRule& rule,
                                                const DueBound& bound);

// The trigger value of one member for a member rule (nullopt: the trigger does not apply to
// them, e.g. they never left), for the "why not" of one member.
struct MemberTriggerFacts {
  std::string status;
  std::optional<std::string> left_on, created_at, admitted_on, last_membership_end;
  bool lifetime_membership = false;
  bool has_membership = false;
};
Result<MemberTriggerFacts> member_trigger_facts(SQLite::Database& db, std::int64_t organization_id,
                                                std::int64_t member_id);

// ---- approvals
struct ApprovedItem {
  std::int64_t rule_id = 0;
  std::int64_t rule_version = 0;
  std::string target_kind;
  std::int64_t target_id = 0;
  std::string trigger;  // DueRecord::trigger when approved
};
Result<std::int64_t> insert_approval(SQLite::Database& db, std::int64_t organization_id,
                                     const std::string& as_of, const std::string& preview_hash,
                                     const std::string& at, const std::string& by,
                                     const std::vector<ApprovedItem>& items);
// Which of `due` an approval lists under the rule's version with the same trigger value, by
// (kind, id): one prepared statement for them all.
Result<std::set<std::pair<std::string, std::int64_t>>> approved_targets(
    SQLite::Database& db, std::int64_t rule_id, std::int64_t rule_version,
    const std::vector<DueRecord>& due);

// ---- runs
struct RunItem {
  std::int64_t seq = 0;
  std::int64_t rule_id = 0;
  std::string target_kind;
  std::int64_t target_id = 0;
  std::string reference;
  std::string action;
  std::optional<std::string> outcome;
  std::optional<std::int64_t> member_id;  // the member the record is about (holds apply)
};
struct Run {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string as_of, started_at, started_by, status;
  std::optional<std::string> finished_at, report, report_hash;
};
Result<std::int64_t> insert_run(SQLite::Database& db, const Run& run,
                                const std::vector<RunItem>& items);
Result<std::optional<Run>> running_run(SQLite::Database& db, std::int64_t organization_id);
Result<Run> get_run(SQLite::Database& db, std::int64_t organization_id, std::int64_t id);
Result<std::vector<Run>> list_runs(SQLite::Database& db, std::int64_t organization_id,
                                   std::size_t limit);
// Whether a run of the organisation started on this date (as_of) already.
Result<bool> run_exists_for(SQLite::Database& db, std::int64_t organization_id,
                            const std::string& as_of);
Result<std::vector<RunItem>> pending_items(SQLite::Database& db, std::int64_t run_id,
                                           std::size_t limit);
Result<std::vector<RunItem>> run_items(SQLite::Database& db, std::int64_t run_id);
// Whether the run erased or anonymised any member.
Result<bool> run_erased_members(SQLite::Database& db, std::int64_t run_id);
Status set_item_outcome(SQLite::Database& db, std::int64_t run_id, std::int64_t seq,
                        const std::string& outcome);
Status complete_run(SQLite::Database& db, std::int64_t run_id, const std::string& at,
                    const std::string& report, const std::string& report_hash);

// ---- the work itself (in the caller's write transaction)
// Deletes the evidence texts of a member's events for a purpose up to the withdrawal event.
Result<std::int64_t> delete_withdrawn_evidence(SQLite::Database& db,
                                               std::int64_t withdrawal_event_id);
Result<bool> redact_audit_entry(SQLite::Database& db, std::int64_t organization_id,
                                std::int64_t id);
Result<bool> delete_membership(SQLite::Database& db, std::int64_t organization_id, std::int64_t id);
Result<bool> anonymise_membership(SQLite::Database& db, std::int64_t organization_id,
                                  std::int64_t id);
Result<bool> delete_public_link(SQLite::Database& db, std::int64_t organization_id,
                                std::int64_t id);
Result<bool> delete_subject_request(SQLite::Database& db, std::int64_t organization_id,
                                    std::int64_t id);
Status insert_member_statistics(SQLite::Database& db, std::int64_t organization_id,
                                const domain::MemberStatistics& s, const std::string& on);
// The membership start dates of a member (for their statistics).
Result<std::vector<std::string>> membership_starts(SQLite::Database& db, std::int64_t member_id);
// Merges the member search index into one segment, so erased members' words leave its pages.
Status optimise_member_search(SQLite::Database& db);

// ---- reviews
struct Review {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::int64_t rule_id = 0;
  std::optional<std::int64_t> member_id;
  std::string due_on, created_at;
  std::optional<std::string> decided_at, decided_by, decision;
};
// Opens a review unless one is pending for the rule and member; returns whether it did.
Result<bool> open_review(SQLite::Database& db, const Review& review);
Result<Review> get_review(SQLite::Database& db, std::int64_t organization_id, std::int64_t id);
Result<std::vector<Review>> list_reviews(SQLite::Database& db, std::int64_t organization_id,
                                         bool pending_only);
Status decide_review(SQLite::Database& db, std::int64_t id, const std::string& decision,
                     const std::string& at, const std::string& by);

// ---- notices
struct Notice {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string kind;
  std::optional<std::int64_t> run_id;
  std::string horizon, counts, created_at;
};
Status insert_notice(SQLite::Database& db, const Notice& notice);
Result<std::vector<Notice>> list_notices(SQLite::Database& db, std::int64_t organization_id,
                                         std::size_t limit);
// The horizon of the latest upcoming notice (work announced up to that date), if any.
Result<std::optional<std::string>> last_upcoming_horizon(SQLite::Database& db,
                                                         std::int64_t organization_id);

}  // namespace registre::store
