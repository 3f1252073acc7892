#include "store/erasure_store.hpp"

#include <initializer_list>

#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

// Runs `sql` with `values` bound in order; returns the rows changed.
std::int64_t run(SQLite::Database& db, const char* sql,
                 std::initializer_list<std::int64_t> values) {
  SQLite::Statement s(db, sql);
  int index = 1;
  for (std::int64_t v : values)
    s.bind(index++, v);
  return s.exec();
}

}  // namespace

Result<ErasedRows> erase_member_rows(SQLite::Database& db, const domain::Member& member) {
  try {
    ErasedRows erased;
    {
      SQLite::Statement q(db, "SELECT id FROM members WHERE household_id = ? ORDER BY id");
      q.bind(1, member.id);
      while (q.executeStep())
        erased.household_freed.push_back(q.getColumn(0).getInt64());
    }
    run(db, "UPDATE members SET household_id = NULL, version = version + 1 WHERE household_id = ?",
        {member.id});
    erased.memberships_anonymised =
        run(db, "UPDATE memberships SET member_id = NULL, reference = NULL WHERE member_id = ?",
            {member.id});
    {
      SQLite::Statement s(
          db,
          "DELETE FROM consent_evidence WHERE event_id IN (SELECT id FROM consent_events"
          " WHERE organization_id = ? AND member_pseudonym = ?)");
      s.bind(1, member.organization_id);
      s.bind(2, member.pseudonym);
      erased.evidence_deleted = s.exec();
    }
    erased.public_links_deleted =
        run(db, "DELETE FROM public_links WHERE member_id = ?", {member.id});
    erased.import_records_deleted =
        run(db, "DELETE FROM import_records WHERE member_id = ?", {member.id});
    // Numbers are never given twice, even the highest one of an erased member.
    run(db, "UPDATE organizations SET numbers_issued = max(numbers_issued, ?) WHERE id = ?",
        {member.number, member.organization_id});
    // subject_requests.member_id is set to NULL by its foreign key: the case stays as proof.
    if (run(db, "DELETE FROM members WHERE id = ? AND organization_id = ?",
            {member.id, member.organization_id}) != 1) {
      return make_error(ErrorKind::not_found, "not-found", "no such member");
    }
    run(db, "DELETE FROM member_search WHERE rowid = ?", {member.id});
    return erased;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "erasing a member");
  }
}

Result<bool> member_pseudonym_exists(SQLite::Database& db, const std::string& pseudonym) {
  try {
    SQLite::Statement q(db, "SELECT EXISTS (SELECT 1 FROM members WHERE pseudonym = ?)");
    q.bind(1, pseudonym);
    q.executeStep();
    return q.getColumn(0).getInt() != 0;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "looking for a pseudonym");
  }
}

Status keep_number_issued(SQLite::Database& db, std::int64_t organization_id, std::int64_t number) {
  try {
    run(db, "UPDATE organizations SET numbers_issued = max(numbers_issued, ?) WHERE id = ?",
        {number, organization_id});
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "keeping an erased member's number issued");
  }
}

bool checkpoint_and_truncate_log(SQLite::Database& db) {
  try {
    SQLite::Statement q(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    return q.executeStep() && q.getColumn(0).getInt() == 0;
  } catch (const SQLite::Exception&) {
    return false;
  }
}

}  // namespace registre::store
