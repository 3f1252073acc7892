#pragma once
// Dues: membership types, recording a membership and its payment, and the treasurer's lists.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/member.hpp"
#include "services/request_info.hpp"
#include "store/database.hpp"
#include "store/membership_store.hpp"

namespace registre::services {

class DuesService {
 public:
  DuesService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<std::vector<store::MembershipType>> list_types(std::int64_t organization_id);
  // Validates name, period terms, amount; the currency defaults to the organisation's.
  Result<store::MembershipType> create_type(const RequestInfo& request, store::MembershipType draft);

  struct MembershipDraft {
    std::int64_t type_id = 0;
    std::string starts_on;                 // as typed; ISO or dd/mm/yyyy
    std::optional<std::int64_t> amount_cents;  // default: the type's amount
    std::optional<std::string> paid_on;    // none: recorded as not yet paid
    std::optional<std::string> payment_method;
    std::optional<std::string> reference;
  };
  // Records a membership (its end from the type's period) and refreshes the member's status, in
  // one transaction, audited.
  Result<store::Membership> record(const RequestInfo& request, std::int64_t organization_id,
                                   std::int64_t member_id, const MembershipDraft& draft);
  Result<std::vector<store::Membership>> memberships_of(std::int64_t organization_id, std::int64_t member_id);

  struct RenewalLine {
    domain::Member member;
    std::optional<std::string> paid_until;  // for renewals: end of the current cover
    std::optional<std::string> lapsed_since;
  };
  // Active members whose cover ends within `days` days with no later payment recorded.
  Result<std::vector<RenewalLine>> renewals_due(std::int64_t organization_id, int days);
  // Lapsed members, lapsed on or after `since` (ISO date; empty = all).
  Result<std::vector<RenewalLine>> lapsed(std::int64_t organization_id, const std::string& since);

  struct SeasonTotal {
    std::string season;  // "2026-2027" or "2026"
    std::int64_t type_id = 0;
    std::string type_name;
    std::int64_t memberships = 0, paid = 0, amount_cents = 0, paid_cents = 0;
  };
  Result<std::vector<SeasonTotal>> totals(std::int64_t organization_id);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace registre::services
