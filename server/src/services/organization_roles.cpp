#include "services/organization_roles.hpp"

#include "store/public_link_store.hpp"
#include "store/role_grant_store.hpp"

namespace registre::services {

Result<std::vector<std::string>> StoredOrganizationRoles::roles_in(std::int64_t organization_id,
                                                                   const std::string& user_id,
                                                                   const std::vector<std::string>& groups) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto roles = store::roles_of_user(lease->db(), organization_id, user_id, groups);
  if (!roles) return roles;
  // A user whose member record is in this organisation acts there as that member, too.
  auto own = store::memberships_of_user(lease->db(), user_id, organization_id);
  if (!own) return std::move(own).error();
  if (!own->empty()) roles->push_back("member_self");
  return roles;
}

}  // namespace registre::services
