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

Result<std::vector<domain::Organization>> list_organizations(SQLite::Database& db) {
  try {
    SQLite::Statement query(db,
                            "SELECT id, slug, name, legal_form, timezone, currency, created_at, "
                            "archived_at IS NOT NULL, version FROM organizations ORDER BY name, id");
    std::vector<domain::Organization> out;
    while (query.executeStep()) {
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
      out.push_back(std::move(o));
    }
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
