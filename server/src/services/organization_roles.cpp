#include "services/organization_roles.hpp"

#include "store/role_grant_store.hpp"

namespace registre::services {

Result<std::vector<std::string>> StoredOrganizationRoles::roles_in(std::int64_t organization_id,
                                                                   const std::string& user_id,
                                                                   const std::vector<std::string>& groups) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::roles_of_user(lease->db(), organization_id, user_id, groups);
}

}  // namespace registre::services
