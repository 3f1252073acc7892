#include "domain/member_status.hpp"

#include <algorithm>
#include <array>

namespace registre::domain {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr std::array<std::string_view, 4> kNames = {"applicant", "active", "lapsed", "former"};

// The last day a membership keeps its holder active: its end plus the grace period.
sys_days last_active_day(const MembershipSpan& m, const StatusInput& input) {
  return sys_days{*m.end} + days{std::max(input.grace_days, 0)};
}

// Rule 3 of derive_status: a paid membership that has started and, grace included, not ended.
bool covers(const MembershipSpan& m, const StatusInput& input, Date today) {
  if (!m.paid || today < m.start) return false;
  return !m.end || sys_days{today} <= last_active_day(m, input);
}

}  // namespace

std::string_view to_string(MemberStatus status) {
  return kNames[static_cast<std::size_t>(status)];
}

std::optional<MemberStatus> status_from_string(std::string_view text) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == text) return static_cast<MemberStatus>(i);
  }
  return std::nullopt;
}

MemberStatus derive_status(const StatusInput& input, Date today) {
  if (input.left_on && *input.left_on <= today) return MemberStatus::former;
  if (!input.admitted_on || *input.admitted_on > today) return MemberStatus::applicant;
  const bool covered =
      std::any_of(input.memberships.begin(), input.memberships.end(),
                  [&](const MembershipSpan& m) { return covers(m, input, today); });
  return covered ? MemberStatus::active : MemberStatus::lapsed;
}

std::optional<Date> current_paid_until(const StatusInput& input, Date today) {
  std::optional<Date> until;
  for (const auto& m : input.memberships) {
    if (!covers(m, input, today)) continue;
    if (!m.end) return std::nullopt;  // a lifetime membership never needs renewing
    if (!until || *m.end > *until) until = m.end;
  }
  return until;
}

bool due_for_renewal(const StatusInput& input, Date today, int days_ahead) {
  if (derive_status(input, today) != MemberStatus::active) return false;
  const auto until = current_paid_until(input, today);
  if (!until) return false;
  if (sys_days{*until} > sys_days{today} + days{std::max(days_ahead, 0)}) return false;
  // A renewal paid in advance: it has not started yet, so it is not the cover above.
  return std::none_of(input.memberships.begin(), input.memberships.end(),
                      [&](const MembershipSpan& m) {
                        return m.paid && m.start > today && (!m.end || *m.end > *until);
                      });
}

std::optional<Date> lapsed_since(const StatusInput& input, Date today) {
  if (derive_status(input, today) != MemberStatus::lapsed) return std::nullopt;
  sys_days since{*input.admitted_on};
  for (const auto& m : input.memberships) {
    // Memberships starting after today have not begun; every other paid one has ended.
    if (!m.paid || !m.end || m.start > today) continue;
    since = std::max(since, last_active_day(m, input) + days{1});
  }
  return Date{since};
}

}  // namespace registre::domain
