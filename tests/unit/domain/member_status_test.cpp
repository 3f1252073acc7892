#include "domain/member_status.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace registre::domain;

namespace {

Date d(int y, unsigned m, unsigned day) {
  return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{day};
}

MembershipSpan paid(Date start, std::optional<Date> end) {
  return {start, end, true};
}
MembershipSpan unpaid(Date start, std::optional<Date> end) {
  return {start, end, false};
}

// Admitted on 1 September 2025 with the 2025-2026 season paid (September to August).
StatusInput season_member(int grace_days = 0) {
  StatusInput in;
  in.admitted_on = d(2025, 9, 1);
  in.memberships = {paid(d(2025, 9, 1), d(2026, 8, 31))};
  in.grace_days = grace_days;
  return in;
}

}  // namespace

TEST_CASE("status names round-trip, and nothing else parses") {
  for (auto s : {MemberStatus::applicant, MemberStatus::active, MemberStatus::lapsed,
                 MemberStatus::former}) {
    CHECK(status_from_string(to_string(s)) == s);
  }
  CHECK(to_string(MemberStatus::applicant) == "applicant");
  CHECK(to_string(MemberStatus::active) == "active");
  CHECK(to_string(MemberStatus::lapsed) == "lapsed");
  CHECK(to_string(MemberStatus::former) == "former");
  for (const char* text : {"", "Active", "erased", "active ", "member"}) {
    CHECK_FALSE(status_from_string(text).has_value());
  }
}

TEST_CASE("the clock moving across one paid season, without grace") {
  const auto in = season_member();
  CHECK(derive_status(in, d(2025, 8, 31)) == MemberStatus::applicant);  // the day before
  CHECK(derive_status(in, d(2025, 9, 1)) == MemberStatus::active);      // start day
  CHECK(derive_status(in, d(2026, 2, 28)) == MemberStatus::active);
  CHECK(derive_status(in, d(2026, 8, 31)) == MemberStatus::active);  // end day
  CHECK(derive_status(in, d(2026, 9, 1)) == MemberStatus::lapsed);   // end + 1
  CHECK(derive_status(in, d(2030, 1, 1)) == MemberStatus::lapsed);
}

TEST_CASE("the grace period keeps a member active up to end + grace_days") {
  const auto in = season_member(30);
  CHECK(derive_status(in, d(2026, 8, 31)) == MemberStatus::active);
  CHECK(derive_status(in, d(2026, 9, 1)) == MemberStatus::active);
  CHECK(derive_status(in, d(2026, 9, 30)) == MemberStatus::active);  // end + grace
  CHECK(derive_status(in, d(2026, 10, 1)) == MemberStatus::lapsed);  // end + grace + 1
  // A negative grace period counts as none.
  CHECK(derive_status(season_member(-5), d(2026, 8, 31)) == MemberStatus::active);
  CHECK(derive_status(season_member(-5), d(2026, 9, 1)) == MemberStatus::lapsed);
}

TEST_CASE("admitted before the first membership starts: lapsed until it starts") {
  auto in = season_member();
  in.admitted_on = d(2025, 6, 15);
  CHECK(derive_status(in, d(2025, 6, 14)) == MemberStatus::applicant);
  CHECK(derive_status(in, d(2025, 6, 15)) == MemberStatus::lapsed);
  CHECK(derive_status(in, d(2025, 8, 31)) == MemberStatus::lapsed);
  CHECK(derive_status(in, d(2025, 9, 1)) == MemberStatus::active);
}

TEST_CASE("applicants: not admitted yet, whatever they paid") {
  auto in = season_member();
  in.admitted_on.reset();
  CHECK(derive_status(in, d(2025, 10, 1)) == MemberStatus::applicant);
  CHECK(derive_status(in, d(2027, 10, 1)) == MemberStatus::applicant);
  in.admitted_on = d(2025, 10, 2);  // admission decided for tomorrow
  CHECK(derive_status(in, d(2025, 10, 1)) == MemberStatus::applicant);
  CHECK(derive_status(in, d(2025, 10, 2)) == MemberStatus::active);
  CHECK(derive_status(StatusInput{}, d(2026, 1, 1)) == MemberStatus::applicant);
}

TEST_CASE("former members: from the day they leave, even with dues paid") {
  auto in = season_member();
  in.left_on = d(2026, 3, 10);
  CHECK(derive_status(in, d(2026, 3, 9)) == MemberStatus::active);   // leaves tomorrow
  CHECK(derive_status(in, d(2026, 3, 10)) == MemberStatus::former);  // left today
  CHECK(derive_status(in, d(2026, 3, 11)) == MemberStatus::former);  // left yesterday
  CHECK(derive_status(in, d(2030, 3, 11)) == MemberStatus::former);
  // An applicant who withdraws is former too, and an applicant until then.
  StatusInput withdrawn;
  withdrawn.left_on = d(2026, 3, 10);
  CHECK(derive_status(withdrawn, d(2026, 3, 9)) == MemberStatus::applicant);
  CHECK(derive_status(withdrawn, d(2026, 3, 10)) == MemberStatus::former);
  // A lapsed member who resigns.
  auto lapsed = season_member();
  lapsed.left_on = d(2026, 12, 1);
  CHECK(derive_status(lapsed, d(2026, 11, 30)) == MemberStatus::lapsed);
  CHECK(derive_status(lapsed, d(2026, 12, 1)) == MemberStatus::former);
}

TEST_CASE("an unpaid membership makes nobody active") {
  StatusInput in;
  in.admitted_on = d(2025, 9, 1);
  in.memberships = {unpaid(d(2025, 9, 1), d(2026, 8, 31))};
  in.grace_days = 30;
  CHECK(derive_status(in, d(2025, 9, 1)) == MemberStatus::lapsed);
  CHECK(derive_status(in, d(2026, 3, 1)) == MemberStatus::lapsed);
  CHECK_FALSE(current_paid_until(in, d(2026, 3, 1)).has_value());
  CHECK(lapsed_since(in, d(2026, 3, 1)) == d(2025, 9, 1));
  // Paying it (the treasurer records the payment) changes that at once.
  in.memberships[0].paid = true;
  CHECK(derive_status(in, d(2026, 3, 1)) == MemberStatus::active);
  // An unpaid lifetime membership neither.
  in.memberships = {unpaid(d(2025, 9, 1), std::nullopt)};
  CHECK(derive_status(in, d(2026, 3, 1)) == MemberStatus::lapsed);
}

TEST_CASE("overlapping memberships: covered until the latest end") {
  auto in = season_member();
  in.memberships.push_back(paid(d(2026, 1, 1), d(2026, 12, 31)));
  in.memberships.push_back(unpaid(d(2026, 6, 1), d(2027, 5, 31)));
  CHECK(derive_status(in, d(2025, 12, 31)) == MemberStatus::active);
  CHECK(current_paid_until(in, d(2025, 12, 31)) == d(2026, 8, 31));
  CHECK(current_paid_until(in, d(2026, 3, 1)) == d(2026, 12, 31));
  CHECK(derive_status(in, d(2026, 9, 15)) == MemberStatus::active);
  CHECK(derive_status(in, d(2026, 12, 31)) == MemberStatus::active);
  CHECK(derive_status(in, d(2027, 1, 1)) == MemberStatus::lapsed);
  CHECK(lapsed_since(in, d(2027, 3, 1)) == d(2027, 1, 1));
}

TEST_CASE("consecutive memberships leave no gap; a gap lapses for its length") {
  auto in = season_member();
  in.memberships.push_back(paid(d(2026, 9, 1), d(2027, 8, 31)));
  in.memberships.push_back(paid(d(2027, 10, 1), d(2028, 9, 30)));
  CHECK(derive_status(in, d(2026, 8, 31)) == MemberStatus::active);
  CHECK(derive_status(in, d(2026, 9, 1)) == MemberStatus::active);
  CHECK(derive_status(in, d(2027, 9, 1)) == MemberStatus::lapsed);
  CHECK(lapsed_since(in, d(2027, 9, 30)) == d(2027, 9, 1));
  CHECK(derive_status(in, d(2027, 10, 1)) == MemberStatus::active);
  CHECK_FALSE(lapsed_since(in, d(2027, 10, 1)).has_value());
}

TEST_CASE("a lifetime membership covers from its start, forever") {
  StatusInput in;
  in.admitted_on = d(2020, 5, 1);
  in.memberships = {paid(d(2021, 1, 1), d(2021, 12, 31)), paid(d(2022, 6, 1), std::nullopt)};
  CHECK(derive_status(in, d(2022, 5, 31)) == MemberStatus::lapsed);
  CHECK(derive_status(in, d(2022, 6, 1)) == MemberStatus::active);
  CHECK(derive_status(in, d(2090, 1, 1)) == MemberStatus::active);
  CHECK_FALSE(current_paid_until(in, d(2030, 1, 1)).has_value());
  CHECK_FALSE(due_for_renewal(in, d(2030, 1, 1), 365));
  CHECK_FALSE(lapsed_since(in, d(2030, 1, 1)).has_value());
  in.left_on = d(2040, 1, 1);
  CHECK(derive_status(in, d(2040, 1, 1)) == MemberStatus::former);
}

TEST_CASE("current_paid_until: the end of today's cover, grace included") {
  const auto in = season_member(30);
  CHECK_FALSE(current_paid_until(in, d(2025, 8, 31)).has_value());  // not started
  CHECK(current_paid_until(in, d(2025, 9, 1)) == d(2026, 8, 31));
  CHECK(current_paid_until(in, d(2026, 8, 31)) == d(2026, 8, 31));
  CHECK(current_paid_until(in, d(2026, 9, 30)) == d(2026, 8, 31));  // in the grace period
  CHECK_FALSE(current_paid_until(in, d(2026, 10, 1)).has_value());
  // A renewal that has not started yet is not today's cover.
  auto renewed = in;
  renewed.memberships.push_back(paid(d(2026, 9, 1), d(2027, 8, 31)));
  CHECK(current_paid_until(renewed, d(2026, 8, 15)) == d(2026, 8, 31));
  CHECK(current_paid_until(renewed, d(2026, 9, 1)) == d(2027, 8, 31));
}

TEST_CASE("due for renewal: cover ending within the window, nothing recorded after it") {
  const auto in = season_member();
  CHECK_FALSE(due_for_renewal(in, d(2026, 7, 31), 30));  // ends in 31 days
  CHECK(due_for_renewal(in, d(2026, 8, 1), 30));         // ends in 30 days: inclusive
  CHECK(due_for_renewal(in, d(2026, 8, 31), 30));        // ends today
  CHECK(due_for_renewal(in, d(2026, 8, 31), 0));
  CHECK_FALSE(due_for_renewal(in, d(2026, 8, 30), 0));
  CHECK_FALSE(due_for_renewal(in, d(2026, 9, 1), 30));    // lapsed: another list
  CHECK_FALSE(due_for_renewal(in, d(2025, 8, 31), 400));  // applicant
}

TEST_CASE("due for renewal during the grace period, not after leaving") {
  auto in = season_member(30);
  CHECK(due_for_renewal(in, d(2026, 9, 15), 30));
  CHECK(due_for_renewal(in, d(2026, 9, 30), 0));
  CHECK_FALSE(due_for_renewal(in, d(2026, 10, 1), 30));
  in.left_on = d(2026, 8, 20);
  CHECK_FALSE(due_for_renewal(in, d(2026, 8, 25), 30));
}

TEST_CASE("a renewal recorded in advance: not due, unless it is still unpaid") {
  auto in = season_member();
  in.memberships.push_back(paid(d(2026, 9, 1), d(2027, 8, 31)));
  CHECK_FALSE(due_for_renewal(in, d(2026, 8, 15), 30));
  CHECK(due_for_renewal(in, d(2027, 8, 15), 30));  // the renewal itself now ends soon

  auto promised = season_member();
  promised.memberships.push_back(unpaid(d(2026, 9, 1), d(2027, 8, 31)));
  CHECK(due_for_renewal(promised, d(2026, 8, 15), 30));

  // Paid for a later season after a gap: recorded, so not chased either.
  auto later = season_member();
  later.memberships.push_back(paid(d(2026, 10, 1), d(2027, 9, 30)));
  CHECK_FALSE(due_for_renewal(later, d(2026, 8, 15), 30));

  // A short paid span inside the current cover does not extend it.
  auto inside = season_member();
  inside.memberships.push_back(paid(d(2026, 8, 20), d(2026, 8, 25)));
  CHECK(due_for_renewal(inside, d(2026, 8, 15), 30));

  // A lifetime membership bought in advance.
  auto lifetime = season_member();
  lifetime.memberships.push_back(paid(d(2026, 9, 1), std::nullopt));
  CHECK_FALSE(due_for_renewal(lifetime, d(2026, 8, 15), 30));
}

TEST_CASE("lapsed_since: the day after end + grace of the last paid membership") {
  CHECK(lapsed_since(season_member(), d(2026, 9, 1)) == d(2026, 9, 1));
  CHECK(lapsed_since(season_member(), d(2028, 1, 1)) == d(2026, 9, 1));
  CHECK(lapsed_since(season_member(30), d(2026, 10, 1)) == d(2026, 10, 1));
  CHECK_FALSE(lapsed_since(season_member(30), d(2026, 9, 15)).has_value());  // still in grace
  CHECK_FALSE(lapsed_since(season_member(), d(2026, 3, 1)).has_value());     // active
  CHECK_FALSE(lapsed_since(season_member(), d(2025, 8, 1)).has_value());     // applicant

  auto left = season_member();
  left.left_on = d(2027, 1, 1);
  CHECK(lapsed_since(left, d(2026, 12, 31)) == d(2026, 9, 1));
  CHECK_FALSE(lapsed_since(left, d(2027, 1, 1)).has_value());  // former

  // Never paid: lapsed since admission.
  StatusInput never;
  never.admitted_on = d(2026, 2, 1);
  CHECK(lapsed_since(never, d(2026, 5, 1)) == d(2026, 2, 1));

  // Paid only before being admitted: lapsed since admission, not since that end.
  StatusInput early;
  early.admitted_on = d(2025, 3, 1);
  early.memberships = {paid(d(2024, 1, 1), d(2024, 12, 31))};
  CHECK(lapsed_since(early, d(2025, 6, 1)) == d(2025, 3, 1));

  // A later season paid in advance has not begun: the lapse runs from the last one's end.
  auto gap = season_member();
  gap.memberships.push_back(paid(d(2026, 10, 1), d(2027, 9, 30)));
  CHECK(lapsed_since(gap, d(2026, 9, 20)) == d(2026, 9, 1));
  // Unpaid memberships are not cover, so they do not move the date.
  auto owed = season_member();
  owed.memberships.push_back(unpaid(d(2026, 9, 1), d(2027, 8, 31)));
  CHECK(lapsed_since(owed, d(2027, 1, 1)) == d(2026, 9, 1));
}

TEST_CASE("the order of memberships does not matter") {
  StatusInput in;
  in.admitted_on = d(2020, 1, 1);
  in.grace_days = 10;
  in.memberships = {paid(d(2022, 1, 1), d(2022, 12, 31)), unpaid(d(2024, 1, 1), d(2024, 12, 31)),
                    paid(d(2021, 1, 1), d(2021, 12, 31)), paid(d(2023, 1, 1), d(2023, 6, 30))};
  auto reversed = in;
  std::reverse(reversed.memberships.begin(), reversed.memberships.end());
  for (auto day : {d(2020, 6, 1), d(2021, 6, 1), d(2023, 7, 10), d(2023, 7, 11), d(2024, 6, 1)}) {
    CHECK(derive_status(in, day) == derive_status(reversed, day));
    CHECK(current_paid_until(in, day) == current_paid_until(reversed, day));
    CHECK(lapsed_since(in, day) == lapsed_since(reversed, day));
    CHECK(due_for_renewal(in, day, 30) == due_for_renewal(reversed, day, 30));
  }
  CHECK(derive_status(in, d(2023, 7, 10)) == MemberStatus::active);
  CHECK(derive_status(in, d(2023, 7, 11)) == MemberStatus::lapsed);
  CHECK(lapsed_since(in, d(2024, 6, 1)) == d(2023, 7, 11));
}
