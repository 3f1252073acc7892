#include "domain/retention_rule.hpp"

#include <doctest/doctest.h>

#include "domain/calendar_date.hpp"
#include "domain/retention_presets.hpp"

using namespace registre::domain;

namespace {

Date d(const char* iso) {
  return parse_date(iso).value();
}
std::string plus(const char* iso, std::int64_t amount, DelayUnit unit) {
  return format_iso(add_delay(d(iso), {amount, unit}));
}

RetentionRule rule(RetentionSubject s, RetentionTrigger t, std::int64_t amount, DelayUnit unit,
                   RetentionAction a, std::int64_t id = 0) {
  RetentionRule r;
  r.id = id;
  r.subject = s;
  r.trigger = t;
  r.delay = {amount, unit};
  r.action = a;
  r.description = "x";
  return r;
}

}  // namespace

TEST_CASE("delays are calendar arithmetic: the same day later, or the month's last day") {
  CHECK(plus("2026-03-01", 3, DelayUnit::years) == "2029-03-01");
  CHECK(plus("2024-02-29", 1, DelayUnit::years) == "2025-02-28");
  CHECK(plus("2024-02-29", 4, DelayUnit::years) == "2028-02-29");
  CHECK(plus("2026-01-31", 1, DelayUnit::months) == "2026-02-28");
  CHECK(plus("2026-12-15", 2, DelayUnit::months) == "2027-02-15");
  CHECK(plus("2026-12-31", 1, DelayUnit::days) == "2027-01-01");
  CHECK(plus("2028-02-28", 1, DelayUnit::days) == "2028-02-29");
}

TEST_CASE("the latest due trigger is exact, also where two triggers share one due date") {
  // Left 2026-03-01 under 3 years: due on 2029-03-01, not the day before.
  CHECK(format_iso(latest_due_trigger(d("2029-03-01"), {3, DelayUnit::years})) == "2026-03-01");
  CHECK(format_iso(latest_due_trigger(d("2029-02-28"), {3, DelayUnit::years})) == "2026-02-28");
  // 29/02/2024 + 1 year = 28/02/2025: on 28/02/2025 both 28/02 and 29/02/2024 are due.
  CHECK(format_iso(latest_due_trigger(d("2025-02-28"), {1, DelayUnit::years})) == "2024-02-29");
  CHECK(format_iso(latest_due_trigger(d("2025-03-01"), {1, DelayUnit::years})) == "2024-03-01");
  // 28/02 + 1 month = 28/03, and 01/03 + 1 month = 01/04: on 31/03 the bound is 28/02.
  CHECK(format_iso(latest_due_trigger(d("2026-03-31"), {1, DelayUnit::months})) == "2026-02-28");
  CHECK(format_iso(latest_due_trigger(d("2026-03-28"), {1, DelayUnit::months})) == "2026-02-28");
  CHECK(format_iso(latest_due_trigger(d("2026-03-27"), {1, DelayUnit::months})) == "2026-02-27");
  CHECK(format_iso(latest_due_trigger(d("2026-03-01"), {30, DelayUnit::days})) == "2026-01-30");
  // Exhaustively over two years of as-of dates and several delays: the bound is the last
  // trigger whose due date is not after as_of.
  for (const Delay delay : {Delay{1, DelayUnit::years}, Delay{1, DelayUnit::months},
                            Delay{13, DelayUnit::months}, Delay{45, DelayUnit::days}}) {
    for (int i = 0; i < 800; ++i) {
      const Date as_of{std::chrono::sys_days{d("2027-01-01")} + std::chrono::days{i}};
      const Date last = latest_due_trigger(as_of, delay);
      CHECK(add_delay(last, delay) <= as_of);
      CHECK(add_delay(Date{std::chrono::sys_days{last} + std::chrono::days{1}}, delay) > as_of);
    }
  }
}

TEST_CASE("a rule names a trigger and an action its subject has, and a sensible delay") {
  auto r = rule(RetentionSubject::former_members, RetentionTrigger::date_left, 3, DelayUnit::years,
                RetentionAction::erase);
  CHECK(validate_rule(r).empty());
  r.trigger = RetentionTrigger::withdrawal_date;
  r.action = RetentionAction::review;
  r.subject = RetentionSubject::closed_requests;
  auto errors = validate_rule(r);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].field == "trigger");
  CHECK(errors[1].field == "action");
  auto zero = rule(RetentionSubject::dues_records, RetentionTrigger::creation_date, 0,
                   DelayUnit::days, RetentionAction::anonymise);
  REQUIRE(validate_rule(zero).size() == 1);
  CHECK(validate_rule(zero)[0].field == "delayAmount");
  zero.delay = {101, DelayUnit::years};
  CHECK(validate_rule(zero).size() == 1);
  zero.delay = {1200, DelayUnit::months};
  CHECK(validate_rule(zero).empty());
  zero.delay = {36526, DelayUnit::days};
  CHECK(validate_rule(zero).size() == 1);
  zero.delay = {1, DelayUnit::days};
  zero.description = "";
  CHECK(validate_rule(zero)[0].field == "description");
  CHECK(!retention_subject_from_string("donors"));
  CHECK(!retention_trigger_from_string("birthday"));
  CHECK(retention_action_from_string("anonymise") == RetentionAction::anonymise);
}

TEST_CASE(
    "rules on one subject must escalate; anonymise and erase of a member exclude each other") {
  using S = RetentionSubject;
  using T = RetentionTrigger;
  using A = RetentionAction;
  const std::vector<RetentionRule> existing = {
      rule(S::former_members, T::date_left, 3, DelayUnit::months, A::review, 1),
      rule(S::dues_records, T::end_of_last_membership, 5, DelayUnit::years, A::anonymise, 2),
  };
  // Review, then erase later: fine.
  CHECK(!contradicting_rule(rule(S::former_members, T::date_left, 1, DelayUnit::years, A::erase),
                            existing));
  // Erase before the review: the review never happens.
  CHECK(contradicting_rule(rule(S::former_members, T::date_left, 2, DelayUnit::months, A::erase),
                           existing) == 1);
  // Delays in different units compare by the due date they give from 31 January: + 3 months is
  // 30 April, + 90 days is 1 May, so an erase after 90 days comes after the review; after 89
  // days it falls on the review's day, which is a contradiction too.
  CHECK(!contradicting_rule(rule(S::former_members, T::date_left, 90, DelayUnit::days, A::erase),
                            existing));
  CHECK(contradicting_rule(rule(S::former_members, T::date_left, 89, DelayUnit::days, A::erase),
                           existing) == 1);
  CHECK(contradicting_rule(rule(S::dues_records, T::creation_date, 60, DelayUnit::months, A::erase),
                           existing) == 2);
  CHECK(!contradicting_rule(rule(S::dues_records, T::creation_date, 10, DelayUnit::years, A::erase),
                            existing));
  // Two reviews of one subject: one rule per action.
  CHECK(contradicting_rule(
            rule(S::former_members, T::end_of_last_membership, 1, DelayUnit::years, A::review),
            existing) == 1);
  // A member is anonymised or erased, not both.
  auto with_erase = existing;
  with_erase.push_back(rule(S::former_members, T::date_left, 1, DelayUnit::years, A::erase, 3));
  CHECK(contradicting_rule(rule(S::former_members, T::date_left, 2, DelayUnit::years, A::anonymise),
                           with_erase) == 3);
  // Other subjects, a disabled candidate, or the rule itself being changed: no contradiction.
  CHECK(!contradicting_rule(
      rule(S::lapsed_members, T::end_of_last_membership, 1, DelayUnit::months, A::erase),
      with_erase));
  auto disabled = rule(S::former_members, T::date_left, 1, DelayUnit::days, A::erase);
  disabled.enabled = false;
  CHECK(!contradicting_rule(disabled, with_erase));
  CHECK(!contradicting_rule(rule(S::former_members, T::date_left, 2, DelayUnit::years, A::erase, 3),
                            with_erase));
}

TEST_CASE("every default is a valid rule, and the defaults do not contradict one another") {
  std::vector<RetentionRule> adopted;
  std::int64_t id = 0;
  for (const auto& preset : retention_presets()) {
    RetentionRule r = rule_from_preset(preset, "fr");
    r.id = ++id;
    CAPTURE(preset.key);
    CHECK(validate_rule(r).empty());
    CHECK(!contradicting_rule(r, adopted));
    CHECK(!preset.source.empty());
    CHECK(preset.description_en != preset.description_fr);
    adopted.push_back(r);
  }
  CHECK(find_retention_preset("dues-records")->delay.amount == 10);
  CHECK(!find_retention_preset("nothing"));
}
