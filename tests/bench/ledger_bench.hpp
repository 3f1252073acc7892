#pragma once
// The consent ledger's verifier measured against its floor: BLAKE2b over the very bytes it hashes.

#include <cstdint>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace registre::bench {

struct LedgerSeedReport {
  std::size_t events = 0;
  std::size_t with_evidence = 0;
  double seconds = 0;
};

// Appends `events` consent events to organisation `organization_id`'s ledger, with a real chain:
// 4 purposes (one with a second text), 20 000 member pseudonyms, all decisions and channels, 5 %
// with evidence. Each event's hash is domain::consent_hash_input hashed by crypto::blake2b_256_hex,
// as store::append_consent_event does; the rows go in through one reused prepared INSERT in one
// transaction (append_consent_event prepares and reads the head for every event).
// REQUIRES: the organisation exists and its ledger is empty.
Result<LedgerSeedReport> seed_ledger(store::Database& db, const Clock& clock,
                                     std::int64_t organization_id, std::size_t events);

// The number of events in the organisation's ledger (its head's seq).
Result<std::size_t> ledger_length(store::Database& db, std::int64_t organization_id);

struct LedgerTiming {
  double seconds = 0;  // wall clock
  // What other work on the machine skews less: of the process for the verification (which
  // checks a long ledger on a second thread), of the calling thread for the others.
  double cpu_seconds = 0;
  double calling_thread_cpu_seconds = 0;  // the verification's reading thread (verification only)
  std::size_t events = 0;
  std::size_t bytes = 0;  // hashed (raw run only)
};

// services::verify_ledger on the organisation, timed (wall, CPU of the process and of the calling
// thread); an error unless it is intact and checked `expected_events`.
Result<LedgerTiming> time_ledger_verification(store::Database& db, std::int64_t organization_id,
                                              std::size_t expected_events);

// The walk alone: store::for_each_consent_event with a visitor that does nothing, timed (the
// share of the verification spent reading the rows).
Result<LedgerTiming> time_ledger_walk(store::Database& db, std::int64_t organization_id);

// The floor: every byte the verifier hashes (each event's canonical encoding, and its evidence
// text when it has one), read out of the database beforehand into one buffer, then hashed event by
// event with crypto_generichash (32-byte output, no hex), timed.
Result<LedgerTiming> time_raw_hashing(store::Database& db, std::int64_t organization_id);

}  // namespace registre::bench
