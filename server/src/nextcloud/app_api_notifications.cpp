#include "nextcloud/app_api_notifications.hpp"

#include "nextcloud/nextcloud_group_directory.hpp"

namespace registre::nextcloud {

Result<bool> AppApiNotifications::send(const std::string& recipient, const nlohmann::json& body) {
  if (recipient.empty()) return false;  // Nextcloud refuses a notification without a user
  auto response =
      client_.call("POST", "/ocs/v1.php/apps/app_api/api/v1/notification", &body, recipient);
  if (!response) return std::move(response).error();
  return response->ok();
}

Result<std::vector<std::string>> AppApiNotifications::group_members(const std::string& group_id,
                                                                    const std::string& admin_user) {
  if (admin_user.empty()) {
    return make_error(ErrorKind::upstream, "upstream",
                      "no administrator to ask for the group's members");
  }
  auto response =
      client_.call("GET", "/ocs/v2.php/cloud/groups/" + encode_path_segment(group_id) + "/users",
                   nullptr, admin_user);
  if (!response) return std::move(response).error();
  if (!response->ok()) {
    return make_error(ErrorKind::upstream, "upstream",
                      "Nextcloud did not list the group's members (OCS status " +
                          std::to_string(response->ocs_status) + ")");
  }
  std::vector<std::string> users;
  const auto& data = response->data;
  if (data.is_object() && data.contains("users") && data["users"].is_array()) {
    for (const auto& user : data["users"]) {
      if (user.is_string()) users.push_back(user.get<std::string>());
    }
  }
  return users;
}

}  // namespace registre::nextcloud
