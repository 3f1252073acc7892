#include "store/organization_store.hpp"

#include <SQLiteCpp/Statement.h>

#include "store/sqlite_error.hpp"

namespace registre::store {

Result<std::int64_t> insert_organization(SQLite::Database& db, const domain::Organization& o) {
  try {
    SQLite::Statement insert(db,
                             "INSERT INTO organizations (slug, name, legal_form, timezone, "
                             "currency, created_at) VALUES (?,?,?,?,?,?)");
    insert.bind(1, o.slug);
    insert.bind(2, o.name);
    insert.bind(3, o.legal_form);
    insert.bind(4, o.timezone);
    insert.bind(5, o.currency);
    insert.bind(6, o.created_at);
    insert.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "creating an organization");
  }
}

namespace {

constexpr const char* kSelect =
    "SELECT id, slug, name, legal_form, timezone, currency, created_at, archived_at IS NOT NULL, "
    "version FROM organizations";

domain::Organization read_organization(SQLite::Statement& query) {
  domain::Organization o;
  o.id = query.getColumn(0).getInt64();
  o.slug = query.getColumn(1).getString();
  o.name = query.getColumn(2).getString();
  o.legal_form = query.getColumn(3).getString();
  o.timezone = query.getColumn(4).getString();
  o.currency = query.getColumn(5).getString();
  o.created_at = query.getColumn(6).getString();
  o.archived = query.getColumn(7).getInt() != 0;
  o.version = query.getColumn(8).getInt64();
  return o;
}

}  // namespace

Result<domain::Organization> get_organization(SQLite::Database& db, std::int64_t id) {
  try {
    SQLite::Statement query(db, std::string(kSelect) + " WHERE id = ?");
    query.bind(1, id);
    if (!query.executeStep()) return make_error(ErrorKind::not_found, "not-found", "no such organization");
    return read_organization(query);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading an organization");
  }
}

Status update_organization(SQLite::Database& db, const domain::Organization& o, const std::string& now) {
  try {
    SQLite::Statement update(db,
                             "UPDATE organizations SET name = ?, archived_at = CASE WHEN ? THEN "
                             "coalesce(archived_at, ?) ELSE NULL END, version = version + 1 "
                             "WHERE id = ? AND version = ?");
    update.bind(1, o.name);
    update.bind(2, o.archived ? 1 : 0);
    update.bind(3, now);
    update.bind(4, o.id);
    update.bind(5, o.version - 1);
    if (update.exec() != 1) {
      return make_error(ErrorKind::precondition_failed, "precondition-failed",
                        "the organization was changed by someone else; reload it");
    }
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "updating an organization");
  }
}

Result<std::vector<domain::Organization>> list_organizations(SQLite::Database& db) {
  try {
    SQLite::Statement query(db, std::string(kSelect) + " ORDER BY name, id");
    std::vector<domain::Organization> out;
    while (query.executeStep()) out.push_back(read_organization(query));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing organizations");
  }
}

Result<std::int64_t> count_organizations(SQLite::Database& db) {
  try {
    return db.execAndGet("SELECT count(*) FROM organizations").getInt64();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "counting organizations");
  }
}

}  // namespace registre::store
