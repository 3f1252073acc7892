#pragma once
// Role grants read from the store, for the authorizer.

#include "auth/group_directory.hpp"
#include "store/database.hpp"

namespace registre::services {

class StoredOrganizationRoles final : public auth::OrganizationRoles {
 public:
  explicit StoredOrganizationRoles(store::Database& db) : db_(db) {}
  Result<std::vector<std::string>> roles_in(std::int64_t organization_id, const std::string& user_id,
                                            const std::vector<std::string>& groups) override;

 private:
  store::Database& db_;
};

}  // namespace registre::services
