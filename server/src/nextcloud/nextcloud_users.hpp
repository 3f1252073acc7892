#pragma once
// The ids of Nextcloud's users, to link a member to an account. Read through AppAPI's own user
// list, which works without acting as an administrator (provisioning.jsonl seq 30), and cached
// briefly: the list changes rarely and a search types several letters in a row.

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "nextcloud/ocs_client.hpp"

namespace registre::nextcloud {

class NextcloudUsers {
 public:
  NextcloudUsers(OcsClient& client, const Clock& clock, std::chrono::seconds ttl = std::chrono::seconds(60))
      : client_(client), clock_(clock), ttl_(ttl) {}
  Result<std::vector<std::string>> user_ids();

 private:
  OcsClient& client_;
  const Clock& clock_;
  std::chrono::seconds ttl_;
  std::mutex mutex_;
  std::vector<std::string> cached_;
  TimePoint fetched_at_{};
  bool fetched_ = false;
};

}  // namespace registre::nextcloud
