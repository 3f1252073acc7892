#pragma once
// Notifications through AppAPI (provisioning.jsonl seq 35): POST
// /ocs/v1.php/apps/app_api/api/v1/notification, the recipient being the user in
// AUTHORIZATION-APP-API (an empty user is refused: seq 36, OCS 996). Group members come from
// the provisioning API, GET /ocs/v2.php/cloud/groups/{gid}/users (seq 15), which needs an
// administrator: the call acts as the given admin user.

#include "nextcloud/ocs_client.hpp"
#include "services/notification_service.hpp"

namespace registre::nextcloud {

class AppApiNotifications final : public services::NotificationChannel {
 public:
  explicit AppApiNotifications(OcsClient& client) : client_(client) {}

  Result<bool> send(const std::string& recipient, const nlohmann::json& body) override;
  Result<std::vector<std::string>> group_members(const std::string& group_id,
                                                 const std::string& admin_user) override;

 private:
  OcsClient& client_;
};

}  // namespace registre::nextcloud
