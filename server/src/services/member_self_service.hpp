#pragma once
// "My membership": a Nextcloud user whose member record names them (members.nextcloud_user) sees
// and changes their own consents, as the public link would let them, recorded as themselves.

#include <vector>

#include "core/clock.hpp"
#include "services/consent_choices.hpp"
#include "services/request_info.hpp"
#include "store/database.hpp"
#include "store/public_link_store.hpp"

namespace registre::services {

class MemberSelfService {
 public:
  MemberSelfService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The organisations where the user is a member (none for most users).
  Result<std::vector<store::OwnMembership>> memberships(const RequestInfo& request);
  // The user's own choices in the organisation. Audited. not_found when the user is no member
  // there (the policy already requires member_self; this guards against a record unlinked since).
  Result<MemberChoices> choices(const RequestInfo& request, std::int64_t organization_id);
  // Given or withdrawn, channel "web", recorded by the user. Audited.
  Result<ConsentService::Current> decide(const RequestInfo& request, std::int64_t organization_id,
                                         std::int64_t purpose_id, const std::string& decision);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace registre::services
