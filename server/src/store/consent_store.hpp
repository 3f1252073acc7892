#pragma once
// The consent ledger and its signed checkpoints. Appends must run inside the caller's write
// transaction (BEGIN IMMEDIATE), so reading the head and appending after it cannot race.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/consent_event.hpp"
#include "domain/ledger_checkpoint.hpp"

namespace registre::store {

struct LedgerHead {
  std::int64_t seq = 0;  // 0: no event yet
  std::string hash = domain::kConsentGenesis;
};

Result<LedgerHead> ledger_head(SQLite::Database& db, std::int64_t organization_id);

// Appends `event` after the organisation's head: fills seq, evidence_hash, prev_hash and hash.
// REQUIRES: a WriteTransaction is open on `db`.
Result<domain::ConsentEvent> append_consent_event(SQLite::Database& db, domain::ConsentEvent event);

// A member's events, oldest first.
Result<std::vector<domain::ConsentEvent>> consent_events_of(SQLite::Database& db,
                                                            std::int64_t organization_id,
                                                            const std::string& member_pseudonym);

// Members of the organisation whose latest event on the purpose is "given" to another version
// than `version_id`: those to ask again. Restricted members (Art. 18) are left out.
struct RenewalRow {
  std::int64_t member_id = 0;
  std::int64_t member_number = 0;
  std::string first_name, last_name;
  std::optional<std::string> email;
  domain::ConsentEvent latest;
};
Result<std::vector<RenewalRow>> consents_to_renew(SQLite::Database& db,
                                                  std::int64_t organization_id,
                                                  std::int64_t purpose_id, std::int64_t version_id);

// Calls `visit` on each event in chain order until it returns false; the views point into
// SQLite's row and end with it (store/consent_ledger_walk.cpp): the verifier's walk.
Status for_each_consent_event_view(SQLite::Database& db, std::int64_t organization_id,
                                   const std::function<bool(const domain::ConsentEventView&)>& visit);

// The same, with the event copied (into one event reused for every row: copy what must outlive it).
Status for_each_consent_event(SQLite::Database& db, std::int64_t organization_id,
                              const std::function<bool(const domain::ConsentEvent&)>& visit);

// conflict when the organisation already has a checkpoint at this seq.
Result<std::int64_t> insert_ledger_checkpoint(SQLite::Database& db,
                                              const domain::LedgerCheckpoint& c);
Result<std::vector<domain::LedgerCheckpoint>> list_ledger_checkpoints(SQLite::Database& db,
                                                                      std::int64_t organization_id);
Result<std::optional<domain::LedgerCheckpoint>> latest_ledger_checkpoint(
    SQLite::Database& db, std::int64_t organization_id);

}  // namespace registre::store
