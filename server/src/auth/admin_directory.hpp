#pragma once
// Answers "is this Nextcloud user an administrator?". The browser is never trusted for this:
// in Nextcloud mode the answer comes from Nextcloud (nextcloud/nextcloud_admin_directory.hpp).

#include <string>

#include "core/result.hpp"

namespace registre::auth {

class AdminDirectory {
 public:
  virtual ~AdminDirectory() = default;
  virtual Result<bool> is_admin(const std::string& user_id) = 0;
};

// Standalone mode: the fixed local user is the administrator, nobody else exists.
class LocalAdminDirectory final : public AdminDirectory {
 public:
  explicit LocalAdminDirectory(std::string local_user) : local_user_(std::move(local_user)) {}
  Result<bool> is_admin(const std::string& user_id) override { return user_id == local_user_; }

 private:
  std::string local_user_;
};

}  // namespace registre::auth
