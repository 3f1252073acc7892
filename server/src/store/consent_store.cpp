#include "store/consent_store.hpp"

#include <SQLiteCpp/Statement.h>

#include "crypto/sodium.hpp"
#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

constexpr const char* kEventColumns =
    "e.id, e.organization_id, e.seq, e.at, e.member_pseudonym, e.purpose_id, e.version_id, "
    "e.text_hash, "
    "e.decision, e.channel, e.recorded_by, coalesce(ev.text, ''), e.evidence_hash, e.prev_hash, "
    "e.hash";

// Every read of events joins the evidence kept beside the ledger (absent once erased).
constexpr const char* kEventsWithEvidence =
    " FROM consent_events e LEFT JOIN consent_evidence ev ON ev.event_id = e.id";

// Reads the event columns starting at column `first`.
domain::ConsentEvent read_event(SQLite::Statement& q, int first = 0) {
  domain::ConsentEvent e;
  e.id = q.getColumn(first + 0).getInt64();
  e.organization_id = q.getColumn(first + 1).getInt64();
  e.seq = q.getColumn(first + 2).getInt64();
  e.at = q.getColumn(first + 3).getString();
  e.member_pseudonym = q.getColumn(first + 4).getString();
  e.purpose_id = q.getColumn(first + 5).getInt64();
  e.version_id = q.getColumn(first + 6).getInt64();
  e.text_hash = q.getColumn(first + 7).getString();
  e.decision = q.getColumn(first + 8).getString();
  e.channel = q.getColumn(first + 9).getString();
  e.recorded_by = q.getColumn(first + 10).getString();
  e.evidence = q.getColumn(first + 11).getString();
  e.evidence_hash = q.getColumn(first + 12).getString();
  e.prev_hash = q.getColumn(first + 13).getString();
  e.hash = q.getColumn(first + 14).getString();
  return e;
}

constexpr const char* kCheckpointColumns =
    "id, organization_id, seq, head_hash, signed_at, public_key, signature";

domain::LedgerCheckpoint read_checkpoint(SQLite::Statement& q) {
  domain::LedgerCheckpoint c;
  c.id = q.getColumn(0).getInt64();
  c.organization_id = q.getColumn(1).getInt64();
  c.seq = q.getColumn(2).getInt64();
  c.head_hash = q.getColumn(3).getString();
  c.signed_at = q.getColumn(4).getString();
  c.public_key = q.getColumn(5).getString();
  c.signature = q.getColumn(6).getString();
  return c;
}

}  // namespace

Result<LedgerHead> ledger_head(SQLite::Database& db, std::int64_t organization_id) {
  try {
    SQLite::Statement q(
        db,
        "SELECT seq, hash FROM consent_events WHERE organization_id = ? ORDER BY seq DESC LIMIT 1");
    q.bind(1, organization_id);
    LedgerHead head;
    if (q.executeStep()) {
      head.seq = q.getColumn(0).getInt64();
      head.hash = q.getColumn(1).getString();
    }
    return head;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading the consent ledger's head");
  }
}

Result<domain::ConsentEvent> append_consent_event(SQLite::Database& db,
                                                  domain::ConsentEvent event) {
  auto head = ledger_head(db, event.organization_id);
  if (!head) return std::move(head).error();
  event.seq = head->seq + 1;
  event.prev_hash = head->hash;
  event.evidence_hash = crypto::blake2b_256_hex(event.evidence);
  event.hash = crypto::blake2b_256_hex(domain::consent_hash_input(event));
  try {
    SQLite::Statement s(
        db,
        "INSERT INTO consent_events (organization_id, seq, at, member_pseudonym, purpose_id, "
        "version_id, text_hash, decision, channel, recorded_by, evidence_hash, prev_hash, hash) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    s.bind(1, event.organization_id);
    s.bind(2, event.seq);
    s.bind(3, event.at);
    s.bind(4, event.member_pseudonym);
    s.bind(5, event.purpose_id);
    s.bind(6, event.version_id);
    s.bind(7, event.text_hash);
    s.bind(8, event.decision);
    s.bind(9, event.channel);
    s.bind(10, event.recorded_by);
    s.bind(11, event.evidence_hash);
    s.bind(12, event.prev_hash);
    s.bind(13, event.hash);
    s.exec();
    event.id = db.getLastInsertRowid();
    if (!event.evidence.empty()) {
      SQLite::Statement evidence(db, "INSERT INTO consent_evidence (event_id, text) VALUES (?,?)");
      evidence.bind(1, event.id);
      evidence.bind(2, event.evidence);
      evidence.exec();
    }
    return event;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "appending to the consent ledger");
  }
}

Result<std::vector<domain::ConsentEvent>> consent_events_of(SQLite::Database& db,
                                                            std::int64_t organization_id,
                                                            const std::string& member_pseudonym) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kEventColumns + kEventsWithEvidence +
                                " WHERE e.organization_id = ? AND e.member_pseudonym = ? "
                                "ORDER BY e.seq");
    q.bind(1, organization_id);
    q.bind(2, member_pseudonym);
    std::vector<domain::ConsentEvent> out;
    while (q.executeStep())
      out.push_back(read_event(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a member's consents");
  }
}

Result<std::vector<RenewalRow>> consents_to_renew(SQLite::Database& db,
                                                  std::int64_t organization_id,
                                                  std::int64_t purpose_id,
                                                  std::int64_t version_id) {
  try {
    SQLite::Statement q(
        db, std::string("SELECT m.id, m.number, m.first_name, m.last_name, m.email, ") +
                kEventColumns + kEventsWithEvidence +
                " JOIN members m"
                "   ON m.pseudonym = e.member_pseudonym AND m.organization_id = e.organization_id"
                // Asking a restricted member again would be processing their data (Art. 18).
                " WHERE e.organization_id = ? AND e.purpose_id = ? AND e.decision = 'given' AND "
                "m.restricted = 0"
                "   AND e.version_id <> ?"
                "   AND e.seq = (SELECT max(seq) FROM consent_events l WHERE l.organization_id = "
                "e.organization_id"
                "                AND l.member_pseudonym = e.member_pseudonym AND l.purpose_id = "
                "e.purpose_id)"
                " ORDER BY m.sort_name, m.id");
    q.bind(1, organization_id);
    q.bind(2, purpose_id);
    q.bind(3, version_id);
    std::vector<RenewalRow> out;
    while (q.executeStep()) {
      RenewalRow row;
      row.member_id = q.getColumn(0).getInt64();
      row.member_number = q.getColumn(1).getInt64();
      row.first_name = q.getColumn(2).getString();
      row.last_name = q.getColumn(3).getString();
      if (!q.getColumn(4).isNull()) row.email = q.getColumn(4).getString();
      row.latest = read_event(q, 5);
      out.push_back(std::move(row));
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing consents to renew");
  }
}

// for_each_consent_event is in store/consent_ledger_walk.cpp.

Result<std::int64_t> insert_ledger_checkpoint(SQLite::Database& db,
                                              const domain::LedgerCheckpoint& c) {
  try {
    SQLite::Statement s(db,
                        "INSERT INTO ledger_checkpoints (organization_id, seq, head_hash, "
                        "signed_at, public_key, signature) "
                        "VALUES (?,?,?,?,?,?)");
    s.bind(1, c.organization_id);
    s.bind(2, c.seq);
    s.bind(3, c.head_hash);
    s.bind(4, c.signed_at);
    s.bind(5, c.public_key);
    s.bind(6, c.signature);
    s.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "storing a ledger checkpoint");
  }
}

Result<std::vector<domain::LedgerCheckpoint>> list_ledger_checkpoints(
    SQLite::Database& db, std::int64_t organization_id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kCheckpointColumns +
                                " FROM ledger_checkpoints WHERE organization_id = ? ORDER BY seq");
    q.bind(1, organization_id);
    std::vector<domain::LedgerCheckpoint> out;
    while (q.executeStep())
      out.push_back(read_checkpoint(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing ledger checkpoints");
  }
}

Result<std::optional<domain::LedgerCheckpoint>> latest_ledger_checkpoint(
    SQLite::Database& db, std::int64_t organization_id) {
  try {
    SQLite::Statement q(
        db, std::string("SELECT ") + kCheckpointColumns +
                " FROM ledger_checkpoints WHERE organization_id = ? ORDER BY seq DESC LIMIT 1");
    q.bind(1, organization_id);
    if (!q.executeStep()) return std::optional<domain::LedgerCheckpoint>();
    return std::optional<domain::LedgerCheckpoint>(read_checkpoint(q));
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading the latest ledger checkpoint");
  }
}

}  // namespace registre::store
