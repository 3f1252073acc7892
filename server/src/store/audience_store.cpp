#include "store/audience_store.hpp"

#include "store/sqlite_error.hpp"

namespace registre::store {

Result<std::unordered_map<std::string, LatestDecision>> latest_decisions_on(
    SQLite::Database& db, std::int64_t organization_id, std::int64_t purpose_id) {
  try {
    // consent_events_by_purpose (purpose_id, member_pseudonym, seq): the max per pseudonym is read
    // from the index, the row once per member.
    SQLite::Statement q(
        db,
        "SELECT member_pseudonym, decision, version_id, max(seq) FROM consent_events"
        " WHERE purpose_id = ? AND organization_id = ? GROUP BY member_pseudonym");
    q.bind(1, purpose_id);
    q.bind(2, organization_id);
    std::unordered_map<std::string, LatestDecision> out;
    while (q.executeStep()) {
      // SQLite gives the bare columns of the row holding max(seq) (documented behaviour).
      out[q.getColumn(0).getString()] = {q.getColumn(1).getString(), q.getColumn(2).getInt64()};
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading the decisions on a purpose");
  }
}

Status for_each_audience_candidate(SQLite::Database& db, std::int64_t organization_id,
                                   const std::function<void(AudienceCandidate&&)>& visit) {
  try {
    SQLite::Statement q(
        db,
        "SELECT id, number, pseudonym, first_name, last_name, email, restricted FROM members"
        " WHERE organization_id = ? ORDER BY sort_name, id");
    q.bind(1, organization_id);
    while (q.executeStep()) {
      AudienceCandidate c;
      c.id = q.getColumn(0).getInt64();
      c.number = q.getColumn(1).getInt64();
      c.pseudonym = q.getColumn(2).getString();
      c.first_name = q.getColumn(3).getString();
      c.last_name = q.getColumn(4).getString();
      if (!q.getColumn(5).isNull()) c.email = q.getColumn(5).getString();
      c.restricted = q.getColumn(6).getInt() != 0;
      visit(std::move(c));
    }
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading the register");
  }
}

}  // namespace registre::store
