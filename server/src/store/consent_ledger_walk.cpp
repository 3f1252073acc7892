// store::for_each_consent_event_view: the walk over a whole ledger that verification does, a
// million events and more. It is the one reader written for throughput (docs/performance.md,
// "Consent ledger"): SQLite's C API directly, because SQLiteCpp's getColumn copies a shared
// pointer (two atomic operations) per column, and views into SQLite's row instead of copies.

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <memory>

#include "store/consent_store.hpp"
#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

// The events in chain order, and beside them the evidence kept outside the ledger (absent once
// erased). A LEFT JOIN would search consent_evidence once per event: 0.45 s of CPU over a million
// events, as long as reading the events themselves. Instead a second cursor walks the evidence in
// event id order, and the ids of an organisation's events grow with their seq (the table is
// append-only), so the two merge in one pass; an event whose id does not grow (rows tampered
// with) gets its evidence by a point lookup instead.
constexpr const char* kEvents =
    "SELECT id, organization_id, seq, at, member_pseudonym, purpose_id, version_id, text_hash, "
    "decision, channel, recorded_by, evidence_hash, prev_hash, hash "
    "FROM consent_events WHERE organization_id = ? ORDER BY seq";
constexpr const char* kEvidenceInIdOrder =
    "SELECT event_id, text FROM consent_evidence WHERE event_id > ? ORDER BY event_id";
constexpr const char* kEvidenceOf = "SELECT text FROM consent_evidence WHERE event_id = ?";

using StatementHandle = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

// A prepared statement with `value` bound; throws SQLite::Exception as SQLiteCpp does.
StatementHandle prepare(SQLite::Database& db, const char* sql, std::int64_t value) {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v2(db.getHandle(), sql, -1, &raw, nullptr);
  StatementHandle statement(raw, &sqlite3_finalize);
  if (rc != SQLITE_OK) throw SQLite::Exception(db.getHandle(), rc);
  sqlite3_bind_int64(raw, 1, value);
  return statement;
}

// true on a row, false at the end.
bool step(SQLite::Database& db, sqlite3_stmt* statement) {
  const int rc = sqlite3_step(statement);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw SQLite::Exception(db.getHandle(), rc);
}

// Valid until the next step: SQLite's own buffer, not a copy.
std::string_view text_of(sqlite3_stmt* statement, int column) {
  // sqlite3_column_text before sqlite3_column_bytes, as SQLite asks.
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
  if (!text) return {};
  return {text, std::size_t(sqlite3_column_bytes(statement, column))};
}

}  // namespace

Status for_each_consent_event_view(
    SQLite::Database& db, std::int64_t organization_id,
    const std::function<bool(const domain::ConsentEventView&)>& visit) {
  try {
    StatementHandle events = prepare(db, kEvents, organization_id);
    sqlite3_stmt* q = events.get();
    StatementHandle evidence = prepare(db, kEvidenceInIdOrder, 0);
    StatementHandle evidence_of = prepare(db, kEvidenceOf, 0);
    bool evidence_left = step(db, evidence.get());
    std::int64_t last_id = 0;
    domain::ConsentEventView e;
    while (step(db, q)) {
      e.id = sqlite3_column_int64(q, 0);
      e.organization_id = sqlite3_column_int64(q, 1);
      e.seq = sqlite3_column_int64(q, 2);
      e.at = text_of(q, 3);
      e.member_pseudonym = text_of(q, 4);
      e.purpose_id = sqlite3_column_int64(q, 5);
      e.version_id = sqlite3_column_int64(q, 6);
      e.text_hash = text_of(q, 7);
      e.decision = text_of(q, 8);
      e.channel = text_of(q, 9);
      e.recorded_by = text_of(q, 10);
      e.evidence_hash = text_of(q, 11);
      e.prev_hash = text_of(q, 12);
      e.hash = text_of(q, 13);
      e.evidence = {};
      if (e.id > last_id) {
        while (evidence_left && sqlite3_column_int64(evidence.get(), 0) < e.id)
          evidence_left = step(db, evidence.get());
        if (evidence_left && sqlite3_column_int64(evidence.get(), 0) == e.id)
          e.evidence = text_of(evidence.get(), 1);
        last_id = e.id;
      } else {
        sqlite3_reset(evidence_of.get());
        sqlite3_bind_int64(evidence_of.get(), 1, e.id);
        if (step(db, evidence_of.get())) e.evidence = text_of(evidence_of.get(), 0);
      }
      if (!visit(e)) break;
    }
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading the consent ledger");
  }
}

Status for_each_consent_event(SQLite::Database& db, std::int64_t organization_id,
                              const std::function<bool(const domain::ConsentEvent&)>& visit) {
  domain::ConsentEvent e;  // refilled in place: once its strings have grown, no row allocates
  return for_each_consent_event_view(db, organization_id, [&](const domain::ConsentEventView& v) {
    e.id = v.id, e.organization_id = v.organization_id, e.seq = v.seq;
    e.purpose_id = v.purpose_id, e.version_id = v.version_id;
    e.at.assign(v.at), e.member_pseudonym.assign(v.member_pseudonym),
        e.text_hash.assign(v.text_hash);
    e.decision.assign(v.decision), e.channel.assign(v.channel), e.recorded_by.assign(v.recorded_by);
    e.evidence.assign(v.evidence), e.evidence_hash.assign(v.evidence_hash);
    e.prev_hash.assign(v.prev_hash), e.hash.assign(v.hash);
    return visit(e);
  });
}

}  // namespace registre::store
