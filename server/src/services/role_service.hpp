#pragma once
// Granting and revoking roles in an organisation (administrators), listing them (managers too).

#include "core/clock.hpp"
#include "services/request_info.hpp"
#include "store/database.hpp"
#include "store/role_grant_store.hpp"

namespace registre::services {

class RoleService {
 public:
  RoleService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<std::vector<store::RoleGrant>> list(const RequestInfo& request, std::int64_t organization_id);
  // Validates the principal and role; `conflict` when the same grant exists.
  Result<store::RoleGrant> grant(const RequestInfo& request, store::RoleGrant draft);
  Status revoke(const RequestInfo& request, std::int64_t organization_id, std::int64_t grant_id);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace registre::services
