#pragma once
// What the group sync and the account reconciliation ask Nextcloud, through the provisioning API
// (NEXTCLOUD.md §7; provisioning.jsonl seq 11-20) and AppAPI's user list (seq 30). The interface
// lets the services be tested without HTTP; OcsProvisioning is the real one.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "nextcloud/nextcloud_users.hpp"
#include "nextcloud/ocs_client.hpp"

namespace registre::nextcloud {

// Nextcloud's answer to one change. `ok` is read from the OCS statuscode, not the HTTP status:
// OCS v1 reports most failures with HTTP 200.
struct ProvisioningOutcome {
  bool ok = false;
  int http_status = 0;
  int ocs_status = 0;
  std::string message;  // Nextcloud's own meta.message (never written to logs)
};

class Provisioning {
 public:
  virtual ~Provisioning() = default;
  // The group's members; nullopt when Nextcloud says the group does not exist (404). Errors:
  // Nextcloud unreachable, credentials refused, throttled, or any other failure.
  virtual Result<std::optional<std::vector<std::string>>> group_members(
      const std::string& group_id, const std::string& as_user) = 0;
  // A group that already exists (statuscode 102) counts as created.
  virtual Result<ProvisioningOutcome> create_group(const std::string& group_id,
                                                   const std::string& display_name,
                                                   const std::string& as_user) = 0;
  virtual Result<ProvisioningOutcome> add_to_group(const std::string& user_id,
                                                   const std::string& group_id,
                                                   const std::string& as_user) = 0;
  virtual Result<ProvisioningOutcome> remove_from_group(const std::string& user_id,
                                                        const std::string& group_id,
                                                        const std::string& as_user) = 0;
  // Every user id of the instance, read now (no cache).
  virtual Result<std::vector<std::string>> user_ids() = 0;
};

class OcsProvisioning final : public Provisioning {
 public:
  OcsProvisioning(OcsClient& client, const Clock& clock)
      : client_(client), users_(client, clock, std::chrono::seconds(0)) {}

  Result<std::optional<std::vector<std::string>>> group_members(
      const std::string& group_id, const std::string& as_user) override;
  Result<ProvisioningOutcome> create_group(const std::string& group_id,
                                           const std::string& display_name,
                                           const std::string& as_user) override;
  Result<ProvisioningOutcome> add_to_group(const std::string& user_id, const std::string& group_id,
                                           const std::string& as_user) override;
  Result<ProvisioningOutcome> remove_from_group(const std::string& user_id,
                                                const std::string& group_id,
                                                const std::string& as_user) override;
  Result<std::vector<std::string>> user_ids() override { return users_.user_ids(); }

 private:
  OcsClient& client_;
  NextcloudUsers users_;  // ttl 0: a reconciliation must not act on a stale list
};

// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
std::string encode_query_value(const std::string& value);

}  // namespace registre::nextcloud
