#include "nextcloud/nextcloud_group_directory.hpp"

#include <cstdio>

namespace registre::nextcloud {

std::string encode_path_segment(const std::string& segment) {
  std::string out;
  for (unsigned char ch : segment) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out.push_back(static_cast<char>(ch));
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", ch);
      out += buffer;
    }
  }
  return out;
}

Result<std::vector<std::string>> NextcloudGroupDirectory::groups_of(const std::string& user_id) {
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(user_id);
    if (it != cache_.end() && clock_.now() - it->second.fetched_at < ttl_) return it->second.groups;
  }
  auto response = client_.call(
      "GET", "/ocs/v2.php/cloud/users/" + encode_path_segment(user_id) + "/groups", nullptr, user_id);
  if (!response) return std::move(response).error();
  if (!response->ok()) {
    return make_error(ErrorKind::upstream, "upstream",
                      "Nextcloud did not tell the user's groups (OCS status " +
                          std::to_string(response->ocs_status) + ")");
  }
  std::vector<std::string> groups;
  const auto& data = response->data;
  if (data.is_object() && data.contains("groups") && data["groups"].is_array()) {
    for (const auto& group : data["groups"]) {
      if (group.is_string()) groups.push_back(group.get<std::string>());
    }
  }
  std::lock_guard lock(mutex_);
  cache_[user_id] = Entry{groups, clock_.now()};
  return groups;
}

}  // namespace registre::nextcloud
