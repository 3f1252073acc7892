#include "store/role_grant_store.hpp"

#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>

#include "core/concat.hpp"
#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

RoleGrant read_grant(SQLite::Statement& q) {
  return {q.getColumn(0).getInt64(),  q.getColumn(1).getInt64(),  q.getColumn(2).getString(),
          q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
          q.getColumn(6).getString()};
}

constexpr const char* kRoleGrantColumns =
    "id, organization_id, principal_type, principal_id, role, granted_at, granted_by";

// Groups are passed as one JSON array bound to a single parameter (json_each), so the statement
// stays prepared whatever the number of groups.
std::string groups_json(const std::vector<std::string>& groups) {
  return nlohmann::json(groups).dump();
}

}  // namespace

Result<std::int64_t> insert_role_grant(SQLite::Database& db, const RoleGrant& g) {
  try {
    SQLite::Statement insert(db,
                             "INSERT INTO role_grants (organization_id, principal_type, "
                             "principal_id, role, granted_at, granted_by) VALUES (?,?,?,?,?,?)");
    insert.bind(1, g.organization_id);
    insert.bind(2, g.principal_type);
    insert.bind(3, g.principal_id);
    insert.bind(4, g.role);
    insert.bind(5, g.granted_at);
    insert.bind(6, g.granted_by);
    insert.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "granting a role");
  }
}

Result<RoleGrant> delete_role_grant(SQLite::Database& db, std::int64_t organization_id,
                                    std::int64_t grant_id) {
  try {
    SQLite::Statement q(db, concat("SELECT ", kRoleGrantColumns,
                                   " FROM role_grants WHERE id = ? AND organization_id = ?"));
    q.bind(1, grant_id);
    q.bind(2, organization_id);
    if (!q.executeStep())
      return make_error(ErrorKind::not_found, "not-found", "no such role grant");
    RoleGrant grant = read_grant(q);
    SQLite::Statement del(db, "DELETE FROM role_grants WHERE id = ?");
    del.bind(1, grant_id);
    del.exec();
    return grant;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "revoking a role");
  }
}

Result<std::vector<RoleGrant>> list_role_grants(SQLite::Database& db,
                                                std::int64_t organization_id) {
  try {
    SQLite::Statement q(db, concat("SELECT ", kRoleGrantColumns,
                                   " FROM role_grants WHERE organization_id = ? ORDER BY role, "
                                   "principal_type DESC, principal_id"));
    q.bind(1, organization_id);
    std::vector<RoleGrant> out;
    while (q.executeStep())
      out.push_back(read_grant(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing role grants");
  }
}

Result<std::vector<std::string>> roles_of_user(SQLite::Database& db, std::int64_t organization_id,
                                               const std::string& user_id,
                                               const std::vector<std::string>& groups) {
  try {
    SQLite::Statement q(
        db,
        "SELECT DISTINCT role FROM role_grants WHERE organization_id = ? AND ("
        "(principal_type = 'user' AND principal_id = ?) OR "
        "(principal_type = 'group' AND principal_id IN (SELECT value FROM json_each(?))))");
    q.bind(1, organization_id);
    q.bind(2, user_id);
    q.bind(3, groups_json(groups));
    std::vector<std::string> roles;
    while (q.executeStep())
      roles.push_back(q.getColumn(0).getString());
    return roles;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading roles");
  }
}

Result<std::vector<std::int64_t>> organizations_of_user(SQLite::Database& db,
                                                        const std::string& user_id,
                                                        const std::vector<std::string>& groups) {
  try {
    SQLite::Statement q(
        db,
        "SELECT DISTINCT organization_id FROM role_grants WHERE "
        "(principal_type = 'user' AND principal_id = ?) OR "
        "(principal_type = 'group' AND principal_id IN (SELECT value FROM json_each(?)))");
    q.bind(1, user_id);
    q.bind(2, groups_json(groups));
    std::vector<std::int64_t> ids;
    while (q.executeStep())
      ids.push_back(q.getColumn(0).getInt64());
    return ids;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading organisations of a user");
  }
}

}  // namespace registre::store
