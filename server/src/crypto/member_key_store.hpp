#pragma once
// The member key store: one random 256-bit key per member who has sealed values, kept in a file
// of its own, `<storage>/keys/member-keys.db`, never in the register's database. Erasing a member
// destroys their key, and with it every copy of their sealed values, backups of the register
// included ("crypto-shredding").
//
// It is a small SQLite database (one table: pseudonym → key) opened with secure_delete, so a
// destroyed key is overwritten with zeros in place; after a destruction the write-ahead log is
// checkpointed and truncated, so no old page holding the key is left in it either. The directory
// is 0700 and the file 0600. One connection, serialised by a mutex: keys are needed only when a
// member with sealed values is written, exported or shown to a manager.

#include <SQLiteCpp/Database.h>

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace registre::crypto {

using MemberKey = std::array<unsigned char, 32>;

class MemberKeyStore {
 public:
  // `storage_dir` as the register's; ":memory:" keeps the keys in memory (unit tests).
  explicit MemberKeyStore(std::string storage_dir);
  ~MemberKeyStore();

  // The member's key; created (and saved before it is returned) when `create` and none exists.
  // nullopt when none exists and `create` is false.
  Result<std::optional<MemberKey>> key_of(const std::string& pseudonym, bool create);

  // Destroys the member's key, if any. Idempotent.
  Status destroy(const std::string& pseudonym);
  // Destroys several keys in one transaction and one checkpoint (a retention run's batch).
  Status destroy_all(const std::vector<std::string>& pseudonyms);

  // Every pseudonym that has a key (to find the keys of members who no longer exist).
  Result<std::vector<std::string>> pseudonyms();

  std::string file_path() const;

 private:
  Result<SQLite::Database*> open();
  std::string storage_dir_;
  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace registre::crypto
