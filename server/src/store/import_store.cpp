#include "store/import_store.hpp"

#include <SQLiteCpp/Statement.h>

#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

template <class Bind>
Result<std::optional<std::int64_t>> find_id(SQLite::Database& db, const char* sql, Bind bind, const char* context) {
  try {
    SQLite::Statement q(db, sql);
    bind(q);
    if (!q.executeStep()) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{q.getColumn(0).getInt64()};
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, context);
  }
}

}  // namespace

Result<std::optional<std::int64_t>> member_id_by_number(SQLite::Database& db, std::int64_t organization_id,
                                                       std::int64_t number) {
  return find_id(db, "SELECT id FROM members WHERE organization_id = ? AND number = ?",
                 [&](SQLite::Statement& q) {
                   q.bind(1, organization_id);
                   q.bind(2, number);
                 },
                 "finding a member by number");
}

Result<std::optional<std::int64_t>> member_id_by_email(SQLite::Database& db, std::int64_t organization_id,
                                                      const std::string& email) {
  return find_id(db, "SELECT id FROM members WHERE organization_id = ? AND email = ? ORDER BY id LIMIT 1",
                 [&](SQLite::Statement& q) {
                   q.bind(1, organization_id);
                   q.bind(2, email);
                 },
                 "finding a member by e-mail");
}

Result<std::int64_t> insert_import_batch(SQLite::Database& db, const ImportBatch& b) {
  try {
    SQLite::Statement s(db,
                        "INSERT INTO import_batches (organization_id, file_name, file_hash, imported_at, "
                        "imported_by, created, updated, unchanged, skipped) VALUES (?,?,?,?,?,0,0,0,0)");
    s.bind(1, b.organization_id);
    s.bind(2, b.file_name);
    s.bind(3, b.file_hash);
    s.bind(4, b.imported_at);
    s.bind(5, b.imported_by);
    s.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "recording an import");
  }
}

Status insert_import_record(SQLite::Database& db, std::int64_t batch_id, std::int64_t member_id,
                            std::int64_t line, const std::string& outcome) {
  try {
    SQLite::Statement s(db, "INSERT INTO import_records (batch_id, member_id, line, outcome) VALUES (?,?,?,?)");
    s.bind(1, batch_id);
    s.bind(2, member_id);
    s.bind(3, line);
    s.bind(4, outcome);
    s.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "recording an imported line");
  }
}

Status finish_import_batch(SQLite::Database& db, std::int64_t batch_id, const ImportBatch& c) {
  try {
    SQLite::Statement s(db, "UPDATE import_batches SET created = ?, updated = ?, unchanged = ?, skipped = ? WHERE id = ?");
    s.bind(1, c.created);
    s.bind(2, c.updated);
    s.bind(3, c.unchanged);
    s.bind(4, c.skipped);
    s.bind(5, batch_id);
    s.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "recording an import");
  }
}

Result<std::vector<ImportProvenance>> import_provenance_of(SQLite::Database& db,
                                                           std::int64_t organization_id,
                                                           std::int64_t member_id) {
  try {
    SQLite::Statement q(db,
                        "SELECT b.file_name, b.file_hash, b.imported_at, b.imported_by, r.line, "
                        "r.outcome FROM import_records r "
                        "JOIN import_batches b ON b.id = r.batch_id "
                        "WHERE r.member_id = ? AND b.organization_id = ? ORDER BY b.id, r.line");
    q.bind(1, member_id);
    q.bind(2, organization_id);
    std::vector<ImportProvenance> out;
    while (q.executeStep()) {
      ImportProvenance p;
      p.file_name = q.getColumn(0).getString();
      p.file_hash = q.getColumn(1).getString();
      p.imported_at = q.getColumn(2).getString();
      p.imported_by = q.getColumn(3).getString();
      p.line = q.getColumn(4).getInt64();
      p.outcome = q.getColumn(5).getString();
      out.push_back(std::move(p));
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a member's import provenance");
  }
}

}  // namespace registre::store
