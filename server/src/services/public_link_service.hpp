#pragma once
// Public links: managers create, list and revoke them; whoever holds a valid token sees the
// member's consents and gives or withdraws them (channel public_link). Every way a token can fail
// (unknown, malformed, expired, revoked, member gone) gives the same not_found: no oracle.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/public_link.hpp"
#include "services/consent_choices.hpp"
#include "services/request_info.hpp"
#include "store/database.hpp"

namespace registre::services {

class PublicLinkService {
 public:
  PublicLinkService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  struct Created {
    domain::PublicLink link;
    std::string token;  // shown once, to the manager who created it; only its hash is stored
  };
  // A link for the member, valid `days` days (default kDefaultLinkDays, at most kMaxLinkDays;
  // invalid naming `expiresInDays` otherwise). Audited.
  Result<Created> create(const RequestInfo& request, std::int64_t organization_id,
                         std::int64_t member_id, std::optional<std::int64_t> days);
  Result<std::vector<domain::PublicLink>> list(const RequestInfo& request,
                                               std::int64_t organization_id,
                                               std::int64_t member_id);
  // Revoking a revoked link changes nothing and answers it as it is. Audited.
  Result<domain::PublicLink> revoke(const RequestInfo& request, std::int64_t organization_id,
                                    std::int64_t member_id, std::int64_t link_id);

  // The member's choices, for the holder of `token`. Audited (actor "public_link:<id>").
  Result<MemberChoices> open(const RequestInfo& request, const std::string& token);
  // The holder's decision on one purpose (given or withdrawn), appended to the ledger.
  Result<ConsentService::Current> decide(const RequestInfo& request, const std::string& token,
                                         std::int64_t purpose_id, const std::string& decision);

  std::string now() const { return format_utc(clock_.now()); }

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace registre::services
