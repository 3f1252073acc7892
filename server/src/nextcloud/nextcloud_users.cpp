#include "nextcloud/nextcloud_users.hpp"

namespace registre::nextcloud {

Result<std::vector<std::string>> NextcloudUsers::user_ids() {
  {
    std::lock_guard lock(mutex_);
    if (fetched_ && clock_.now() - fetched_at_ < ttl_) return cached_;
  }
  auto response = client_.call("GET", "/ocs/v1.php/apps/app_api/api/v1/users");
  if (!response) return std::move(response).error();
  if (!response->ok() || !response->data.is_array()) {
    return make_error(ErrorKind::upstream, "upstream",
                      "Nextcloud did not list its users (OCS status " + std::to_string(response->ocs_status) + ")");
  }
  std::vector<std::string> ids;
  for (const auto& id : response->data) {
    if (id.is_string()) ids.push_back(id.get<std::string>());
  }
  std::lock_guard lock(mutex_);
  cached_ = ids;
  fetched_at_ = clock_.now();
  fetched_ = true;
  return ids;
}

}  // namespace registre::nextcloud
