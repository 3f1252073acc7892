#pragma once
// Verifies an organisation's consent ledger: every event's hash over the canonical encoding
// (domain/consent_event.hpp), the links between events, the texts the events point to, and the
// signed checkpoints. Shared by the admin endpoint and `registre-server verify-ledger`.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"

namespace registre::services {

struct LedgerVerification {
  std::int64_t organization_id = 0;
  std::int64_t events_checked = 0;
  // The first event that does not hold, and why: "sequence" (a gap or reordering), "link"
  // (prev_hash is not the previous event's hash), "hash" (its content changed), "evidence" (the
  // evidence text no longer matches its chained hash), "text" (the purpose version it points to
  // is missing or its text changed).
  std::optional<std::int64_t> first_broken_event_id;
  std::optional<std::int64_t> first_broken_seq;
  std::string problem;
  std::int64_t checkpoints_checked = 0;
  // The first checkpoint that does not hold: "signature", "key" (signed by another key than the
  // key store's), "head" (the chain at its seq has another hash: history rewritten), "truncated"
  // (events it covers are gone).
  std::optional<std::int64_t> first_bad_checkpoint_id;
  std::string checkpoint_problem;

  bool intact() const { return !first_broken_event_id && !first_bad_checkpoint_id; }
};

// `expected_public_key` (hex) is the key store's; empty accepts any key that verifies.
Result<LedgerVerification> verify_ledger(SQLite::Database& db, std::int64_t organization_id,
                                         const std::string& expected_public_key);

}  // namespace registre::services
