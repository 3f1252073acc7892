#pragma once
// Which Nextcloud groups a user belongs to. Roles come from it ("admin" makes a Nextcloud
// administrator; role grants may name groups), so the browser is never trusted for it: in
// Nextcloud mode the answer comes from Nextcloud (nextcloud/nextcloud_group_directory.hpp).

#include <string>
#include <vector>

#include "core/result.hpp"

namespace registre::auth {

class GroupDirectory {
 public:
  virtual ~GroupDirectory() = default;
  virtual Result<std::vector<std::string>> groups_of(const std::string& user_id) = 0;
};

// Standalone mode: the fixed local user is the administrator, nobody else exists.
class LocalGroupDirectory final : public GroupDirectory {
 public:
  explicit LocalGroupDirectory(std::string local_user) : local_user_(std::move(local_user)) {}
  Result<std::vector<std::string>> groups_of(const std::string& user_id) override {
    if (user_id == local_user_) return std::vector<std::string>{"admin"};
    return std::vector<std::string>{};
  }

 private:
  std::string local_user_;
};

// Where an actor's roles inside one organisation come from (role grants, in the store).
class OrganizationRoles {
 public:
  virtual ~OrganizationRoles() = default;
  // The role names ("manager", "treasurer", "viewer") granted to the user directly or through
  // one of `groups` in organisation `organization_id`, plus "member_self" when one of the
  // organisation's member records names the user.
  virtual Result<std::vector<std::string>> roles_in(std::int64_t organization_id,
                                                    const std::string& user_id,
                                                    const std::vector<std::string>& groups) = 0;
};

}  // namespace registre::auth
