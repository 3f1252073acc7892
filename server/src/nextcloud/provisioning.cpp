#include "nextcloud/provisioning.hpp"

#include "nextcloud/nextcloud_group_directory.hpp"

namespace registre::nextcloud {
namespace {

ProvisioningOutcome outcome_of(const OcsResponse& response) {
  return {response.ok(), response.http_status, response.ocs_status, response.message};
}

}  // namespace

std::string encode_query_value(const std::string& value) {
  return encode_path_segment(value);
}

Result<std::optional<std::vector<std::string>>> OcsProvisioning::group_members(
    const std::string& group_id, const std::string& as_user) {
  auto response =
      client_.call("GET", "/ocs/v2.php/cloud/groups/" + encode_path_segment(group_id) + "/users",
                   nullptr, as_user);
  if (!response) return std::move(response).error();
  if (response->not_found()) return std::optional<std::vector<std::string>>();
  if (!response->ok()) {
    return make_error(ErrorKind::upstream, "upstream",
                      "Nextcloud did not list a managed group's members (OCS status " +
                          std::to_string(response->ocs_status) + ")");
  }
  std::vector<std::string> users;
  const auto& data = response->data;
  if (data.is_object() && data.contains("users") && data["users"].is_array()) {
    for (const auto& user : data["users"]) {
      if (user.is_string()) users.push_back(user.get<std::string>());
    }
  } else {
    return make_error(ErrorKind::upstream, "upstream",
                      "Nextcloud listed a group without a users array");
  }
  return std::optional<std::vector<std::string>>(std::move(users));
}

Result<ProvisioningOutcome> OcsProvisioning::create_group(const std::string& group_id,
                                                          const std::string& display_name,
                                                          const std::string& as_user) {
  nlohmann::json body = {{"groupid", group_id}};
  if (!display_name.empty()) body["displayname"] = display_name;
  auto response = client_.call("POST", "/ocs/v2.php/cloud/groups", &body, as_user);
  if (!response) return std::move(response).error();
  auto outcome = outcome_of(response.value());
  if (response->ocs_status == 102) outcome.ok = true;  // "group exists" (seq 12, 13): fine
  return outcome;
}

Result<ProvisioningOutcome> OcsProvisioning::add_to_group(const std::string& user_id,
                                                          const std::string& group_id,
                                                          const std::string& as_user) {
  const nlohmann::json body = {{"groupid", group_id}};
  auto response =
      client_.call("POST", "/ocs/v2.php/cloud/users/" + encode_path_segment(user_id) + "/groups",
                   &body, as_user);
  if (!response) return std::move(response).error();
  return outcome_of(response.value());
}

Result<ProvisioningOutcome> OcsProvisioning::remove_from_group(const std::string& user_id,
                                                               const std::string& group_id,
                                                               const std::string& as_user) {
  // The group id goes in the query string, as Nextcloud's own clients send it (seq 17).
  auto response = client_.call("DELETE",
                               "/ocs/v2.php/cloud/users/" + encode_path_segment(user_id) +
                                   "/groups?groupid=" + encode_query_value(group_id),
                               nullptr, as_user);
  if (!response) return std::move(response).error();
  return outcome_of(response.value());
}

}  // namespace registre::nextcloud
