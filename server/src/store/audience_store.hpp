#pragma once
// What deciding who may receive a purpose's processing needs to read, in two passes over indexes:
// the latest decision of every member on the purpose, then the register in name order.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/result.hpp"

namespace registre::store {

struct LatestDecision {
  std::string decision;
  std::int64_t version_id = 0;
};

// Member pseudonym -> their latest decision on the purpose.
Result<std::unordered_map<std::string, LatestDecision>> latest_decisions_on(
    SQLite::Database& db, std::int64_t organization_id, std::int64_t purpose_id);

struct AudienceCandidate {
  std::int64_t id = 0;
  std::int64_t number = 0;
  std::string pseudonym;
  std::string first_name;
  std::string last_name;
  std::optional<std::string> email;
  bool restricted = false;
};

// Every member of the organisation, in name order.
Status for_each_audience_candidate(SQLite::Database& db, std::int64_t organization_id,
                                   const std::function<void(AudienceCandidate&&)>& visit);

}  // namespace registre::store
