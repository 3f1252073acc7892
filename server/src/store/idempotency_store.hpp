#pragma once
// Stored answers of POST requests that carried an Idempotency-Key.

#include <optional>
#include <string>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"

namespace registre::store {

struct StoredAnswer {
  std::string request_hash;
  int status = 0;
  std::string response;
};

Result<std::optional<StoredAnswer>> find_idempotent_answer(SQLite::Database& db, const std::string& actor,
                                                           const std::string& key);
// REQUIRES: a WriteTransaction is open (the same one as the creation it records).
Status save_idempotent_answer(SQLite::Database& db, const std::string& actor, const std::string& key,
                              const StoredAnswer& answer, const std::string& now);

}  // namespace registre::store
