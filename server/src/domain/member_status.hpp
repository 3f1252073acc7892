#pragma once
// A member's status is derived, never stored by hand: this is the one function that says
// whether someone is an applicant, an active member, lapsed (dues not renewed) or a former
// member, from their admission and leaving dates and their memberships. "today" is the
// calendar date in the organisation's time zone (core/timezone.hpp).

#include <optional>
#include <string_view>
#include <vector>

#include "domain/membership_period.hpp"

namespace registre::domain {

enum class MemberStatus { applicant, active, lapsed, former };

// "applicant", "active", "lapsed", "former": the names stored and sent over the API.
std::string_view to_string(MemberStatus status);
std::optional<MemberStatus> status_from_string(std::string_view text);

// One membership (one period of dues), with both bounds inclusive.
struct MembershipSpan {
  Date start;
  std::optional<Date> end;  // nullopt: lifetime
  bool paid = false;        // dues recorded as received
};

struct StatusInput {
  std::optional<Date> admitted_on;  // joined; nullopt while the application is not accepted
  std::optional<Date> left_on;      // resigned, excluded or died
  std::vector<MembershipSpan> memberships;
  int grace_days = 0;  // a member lapses only after end + grace_days (negative counts as 0)
};

// The rules, first match wins:
// 1. former: left_on is set and left_on <= today (leaving tomorrow is not leaving yet).
// 2. applicant: admitted_on is empty or after today.
// 3. active: some PAID membership covers today: start <= today and either it is a lifetime
//    membership or today <= end + grace_days. An unpaid membership (dues recorded but not
//    received) never makes anyone active, and a paid one starting tomorrow does not either.
// 4. lapsed: admitted, but no paid membership covers today (including never having paid).
// REQUIRES: every date is ok().
MemberStatus derive_status(const StatusInput& input, Date today);

// The end of the paid membership covering today as in rule 3 (the latest end when several
// overlap; in the grace period, an end already past). nullopt when none covers today or one
// of them is a lifetime membership. Looks at memberships only, not at admission or leaving.
std::optional<Date> current_paid_until(const StatusInput& input, Date today);

// For the treasurer's reminders: the member is active, their cover ends within `days_ahead`
// days from today (end <= today + days_ahead, so members in their grace period count), and no
// later paid membership is recorded yet (one starting after today that ends after the cover).
bool due_for_renewal(const StatusInput& input, Date today, int days_ahead);

// For a lapsed member, the first day of the current lapse: the day after the end + grace of
// the last paid membership that started by today, or the admission date when that is later
// (never paid, or paid only before being admitted). nullopt unless derive_status is lapsed.
std::optional<Date> lapsed_since(const StatusInput& input, Date today);

}  // namespace registre::domain
