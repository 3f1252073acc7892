#pragma once
// Fills an organisation's register with made-up members and their memberships, through the real
// store functions (store::insert_member indexes the search text; sort_name is computed there),
// with the same normalisation and derived status as MemberService::create, in transactions of
// 10 000 members.

#include <cstdint>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace registre::bench {

struct SeedOptions {
  std::int64_t organization_id = 1;
  std::size_t members = 100000;
  std::uint64_t seed = 1;
  std::size_t batch = 10000;  // members per transaction
};

struct SeedReport {
  std::size_t members = 0, memberships = 0, households = 0;
  double seconds = 0;
};

// REQUIRES: the organisation exists and has no members yet.
Result<SeedReport> seed_register(store::Database& db, const Clock& clock,
                                 const SeedOptions& options);

}  // namespace registre::bench
