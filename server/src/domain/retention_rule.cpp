#include "domain/retention_rule.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace registre::domain {
namespace {

using namespace std::chrono;

template <typename E, std::size_t N>
std::optional<E> from_names(const std::array<std::pair<E, std::string_view>, N>& names,
                            std::string_view text) {
  for (const auto& [value, name] : names)
    if (name == text) return value;
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return "";
}

constexpr std::array<std::pair<RetentionSubject, std::string_view>, 8> kSubjects = {{
    {RetentionSubject::former_members, "former_members"},
    {RetentionSubject::applicants, "applicants"},
    {RetentionSubject::lapsed_members, "lapsed_members"},
    {RetentionSubject::consent_evidence, "consent_evidence"},
    {RetentionSubject::audit_entries, "audit_entries"},
    {RetentionSubject::dues_records, "dues_records"},
    {RetentionSubject::expired_public_links, "expired_public_links"},
    {RetentionSubject::closed_requests, "closed_requests"},
}};

constexpr std::array<std::pair<RetentionTrigger, std::string_view>, 6> kTriggers = {{
    {RetentionTrigger::date_left, "date_left"},
    {RetentionTrigger::end_of_last_membership, "end_of_last_membership"},
    {RetentionTrigger::application_date, "application_date"},
    {RetentionTrigger::withdrawal_date, "withdrawal_date"},
    {RetentionTrigger::creation_date, "creation_date"},
    {RetentionTrigger::closing_date, "closing_date"},
}};

constexpr std::array<std::pair<RetentionAction, std::string_view>, 3> kActions = {{
    {RetentionAction::erase, "erase"},
    {RetentionAction::anonymise, "anonymise"},
    {RetentionAction::review, "review"},
}};

constexpr std::array<std::pair<DelayUnit, std::string_view>, 3> kUnits = {{
    {DelayUnit::days, "days"},
    {DelayUnit::months, "months"},
    {DelayUnit::years, "years"},
}};

Date clamp_to_month(year y, month m, day d) {
  const year_month_day_last last{y / m / std::chrono::last};
  return Date{y, m, std::min(d, last.day())};
}

Date add_months(Date d, std::int64_t months_to_add) {
  const year_month ym = year_month{d.year(), d.month()} + months{months_to_add};
  return clamp_to_month(ym.year(), ym.month(), d.day());
}

// Severity order of actions on one subject: a later rule may only do more.
int severity(RetentionAction a) {
  switch (a) {
    case RetentionAction::review:
      return 0;
    case RetentionAction::anonymise:
      return 1;
    case RetentionAction::erase:
      return 2;
  }
  return 0;
}

// Delays compared as the due dates they give from one reference trigger date (a 31 January, so
// that month ends count): 12 months and 1 year compare equal.
Date due_from_reference(const Delay& delay) {
  return add_delay(Date{year{2001}, January, day{31}}, delay);
}

}  // namespace

std::string_view to_string(RetentionSubject s) {
  return name_of(kSubjects, s);
}
std::string_view to_string(RetentionTrigger t) {
  return name_of(kTriggers, t);
}
std::string_view to_string(RetentionAction a) {
  return name_of(kActions, a);
}
std::string_view to_string(DelayUnit u) {
  return name_of(kUnits, u);
}
std::optional<RetentionSubject> retention_subject_from_string(std::string_view text) {
  return from_names(kSubjects, text);
}
std::optional<RetentionTrigger> retention_trigger_from_string(std::string_view text) {
  return from_names(kTriggers, text);
}
std::optional<RetentionAction> retention_action_from_string(std::string_view text) {
  return from_names(kActions, text);
}
std::optional<DelayUnit> delay_unit_from_string(std::string_view text) {
  return from_names(kUnits, text);
}

bool is_member_subject(RetentionSubject s) {
  return s == RetentionSubject::former_members || s == RetentionSubject::applicants ||
         s == RetentionSubject::lapsed_members;
}

std::vector<RetentionTrigger> triggers_for(RetentionSubject s) {
  using T = RetentionTrigger;
  switch (s) {
    case RetentionSubject::former_members:
      return {T::date_left, T::end_of_last_membership};
    case RetentionSubject::applicants:
      return {T::application_date};
    case RetentionSubject::lapsed_members:
      return {T::end_of_last_membership};
    case RetentionSubject::consent_evidence:
      return {T::withdrawal_date};
    case RetentionSubject::audit_entries:
      return {T::creation_date};
    case RetentionSubject::dues_records:
      return {T::end_of_last_membership, T::creation_date};
    case RetentionSubject::expired_public_links:
      return {T::closing_date};
    case RetentionSubject::closed_requests:
      return {T::closing_date};
  }
  return {};
}

std::vector<RetentionAction> actions_for(RetentionSubject s) {
  using A = RetentionAction;
  if (is_member_subject(s)) return {A::erase, A::anonymise, A::review};
  // A dues record can lose its member and reference and stay as an accounting line.
  if (s == RetentionSubject::dues_records) return {A::erase, A::anonymise};
  return {A::erase};
}

std::vector<FieldError> validate_rule(const RetentionRule& rule) {
  std::vector<FieldError> errors;
  const auto triggers = triggers_for(rule.subject);
  if (std::find(triggers.begin(), triggers.end(), rule.trigger) == triggers.end())
    errors.push_back({"trigger", "retention-trigger-not-for-subject"});
  const auto actions = actions_for(rule.subject);
  if (std::find(actions.begin(), actions.end(), rule.action) == actions.end())
    errors.push_back({"action", "retention-action-not-for-subject"});
  std::int64_t max = kMaxDelayYears;
  if (rule.delay.unit == DelayUnit::days) max = kMaxDelayDays;
  if (rule.delay.unit == DelayUnit::months) max = kMaxDelayMonths;
  if (rule.delay.amount < 1 || rule.delay.amount > max)
    errors.push_back({"delayAmount", "retention-delay-out-of-range"});
  if (rule.description.empty() || rule.description.size() > 1000)
    errors.push_back({"description", "retention-description-length"});
  return errors;
}

Date add_delay(Date d, const Delay& delay) {
  switch (delay.unit) {
    case DelayUnit::days:
      return Date{sys_days{d} + days{delay.amount}};
    case DelayUnit::months:
      return add_months(d, delay.amount);
    case DelayUnit::years:
      return add_months(d, delay.amount * 12);
  }
  return d;
}

Date latest_due_trigger(Date as_of, const Delay& delay) {
  Date candidate = as_of;
  switch (delay.unit) {
    case DelayUnit::days:
      return Date{sys_days{as_of} - days{delay.amount}};
    case DelayUnit::months:
      candidate = add_months(as_of, -delay.amount);
      break;
    case DelayUnit::years:
      candidate = add_months(as_of, -delay.amount * 12);
      break;
  }
  // Subtracting clamps too, so the candidate is only close: step back while it is not yet due,
  // then forward while the next day is due too (as_of 28/02/2025 under 1 year: 28/02/2024 is
  // the candidate, and 29/02/2024 + 1 year = 28/02/2025 is due as well).
  while (add_delay(candidate, delay) > as_of)
    candidate = Date{sys_days{candidate} - days{1}};
  for (;;) {
    const Date next{sys_days{candidate} + days{1}};
    if (add_delay(next, delay) > as_of) return candidate;
    candidate = next;
  }
}

std::optional<std::int64_t> contradicting_rule(const RetentionRule& candidate,
                                               const std::vector<RetentionRule>& existing) {
  if (!candidate.enabled) return std::nullopt;
  const Date candidate_due = due_from_reference(candidate.delay);
  for (const auto& other : existing) {
    if (other.id == candidate.id || !other.enabled || other.subject != candidate.subject) continue;
    if (other.action == candidate.action) return other.id;
    if (is_member_subject(candidate.subject) && candidate.action != RetentionAction::review &&
        other.action != RetentionAction::review) {
      return other.id;  // anonymise and erase both remove the person: one of them never applies
    }
    const Date other_due = due_from_reference(other.delay);
    const bool candidate_more = severity(candidate.action) > severity(other.action);
    if (candidate_more ? candidate_due <= other_due : other_due <= candidate_due) return other.id;
  }
  return std::nullopt;
}

}  // namespace registre::domain
