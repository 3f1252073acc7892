#pragma once
// Retention rules (GDPR Art. 5(1)(e)): which records, counted from which date, are erased,
// anonymised or put to a manager's review after how long. Pure rules: which combinations make
// sense, when a record falls due, and which rules of one organisation contradict each other.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace registre::domain {

using Date = std::chrono::year_month_day;

enum class RetentionSubject {
  former_members,        // left (status former)
  applicants,            // applied, never admitted
  lapsed_members,        // admitted, dues not renewed
  consent_evidence,      // evidence texts of a consent since withdrawn
  audit_entries,         // the organisation's audit entries (redacted, the chain stays linked)
  dues_records,          // memberships and their payments
  expired_public_links,  // links past their expiry or revoked
  closed_requests,       // data-subject request cases closed or refused
};

enum class RetentionTrigger {
  date_left,               // members.left_on
  end_of_last_membership,  // the latest end of the member's memberships (or of the record's own)
  application_date,        // when the applicant's record was created
  withdrawal_date,         // when the consent was withdrawn
  creation_date,           // when the record was created
  closing_date,            // when the case was closed, the link expired or was revoked
};

enum class RetentionAction { erase, anonymise, review };

enum class DelayUnit { days, months, years };

struct Delay {
  std::int64_t amount = 0;
  DelayUnit unit = DelayUnit::years;
};

struct RetentionRule {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  RetentionSubject subject = RetentionSubject::former_members;
  RetentionTrigger trigger = RetentionTrigger::date_left;
  Delay delay;
  RetentionAction action = RetentionAction::review;
  bool enabled = true;
  std::string description;  // shown to members in the register of processing (Art. 30)
  std::optional<std::string> preset;
  std::string created_at;
  std::string updated_at;
  std::int64_t version = 1;
};

std::string_view to_string(RetentionSubject s);
std::string_view to_string(RetentionTrigger t);
std::string_view to_string(RetentionAction a);
std::string_view to_string(DelayUnit u);
std::optional<RetentionSubject> retention_subject_from_string(std::string_view text);
std::optional<RetentionTrigger> retention_trigger_from_string(std::string_view text);
std::optional<RetentionAction> retention_action_from_string(std::string_view text);
std::optional<DelayUnit> delay_unit_from_string(std::string_view text);

// Whether the subject's records are people (their erasure is a member's erasure).
bool is_member_subject(RetentionSubject s);
// The triggers and actions that make sense for a subject (e.g. an expired link has no date
// left; a dues record can be anonymised, a closed request only erased).
std::vector<RetentionTrigger> triggers_for(RetentionSubject s);
std::vector<RetentionAction> actions_for(RetentionSubject s);

// The longest delay accepted: 100 years (a register outlives no one longer than that).
inline constexpr std::int64_t kMaxDelayDays = 36525;
inline constexpr std::int64_t kMaxDelayMonths = 1200;
inline constexpr std::int64_t kMaxDelayYears = 100;

// Field errors of one rule on its own ("delayAmount", "trigger", "action", "description").
std::vector<FieldError> validate_rule(const RetentionRule& rule);

// Calendar arithmetic. Months and years keep the day of the month; when that day does not exist
// in the target month it is the month's last day (29/02/2024 + 1 year = 28/02/2025,
// 31/01/2026 + 1 month = 28/02/2026). REQUIRES: d.ok().
Date add_delay(Date d, const Delay& delay);
// The latest trigger date whose due date (trigger + delay) is on or before `as_of`: records
// whose trigger is on or before it are due. add_delay is monotonic, so this is exact even where
// several trigger dates share one due date (29/02 and 28/02 under a yearly delay).
Date latest_due_trigger(Date as_of, const Delay& delay);

// Rules of one subject must escalate: a later rule may only do more (review, then anonymise,
// then erase) and strictly later; a member cannot be both anonymised and erased. Returns the id
// of an enabled rule in `existing` that contradicts `candidate` (its own id is skipped), if any.
std::optional<std::int64_t> contradicting_rule(const RetentionRule& candidate,
                                               const std::vector<RetentionRule>& existing);

}  // namespace registre::domain
