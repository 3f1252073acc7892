#pragma once
// Asks Nextcloud which groups a user belongs to, acting as that user so that no admin account is
// needed (provisioning.jsonl seq 7), and caches the answer briefly.

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "auth/group_directory.hpp"
#include "core/clock.hpp"
#include "nextcloud/ocs_client.hpp"

namespace registre::nextcloud {

class NextcloudGroupDirectory final : public auth::GroupDirectory {
 public:
  NextcloudGroupDirectory(OcsClient& client, const Clock& clock,
                          std::chrono::seconds ttl = std::chrono::seconds(60))
      : client_(client), clock_(clock), ttl_(ttl) {}

  Result<std::vector<std::string>> groups_of(const std::string& user_id) override;

 private:
  struct Entry {
    std::vector<std::string> groups;
    TimePoint fetched_at;
  };
  OcsClient& client_;
  const Clock& clock_;
  std::chrono::seconds ttl_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> cache_;
};

// Percent-encodes a path segment (RFC 3986 unreserved characters stay as they are).
std::string encode_path_segment(const std::string& segment);

}  // namespace registre::nextcloud
