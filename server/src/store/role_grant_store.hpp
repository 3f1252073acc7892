#pragma once
// The role_grants table.

#include <cstdint>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"

namespace registre::store {

struct RoleGrant {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string principal_type;  // "user" or "group"
  std::string principal_id;
  std::string role;            // "manager", "treasurer", "viewer"
  std::string granted_at;
  std::string granted_by;
};

// REQUIRES: a WriteTransaction is open. A duplicate grant gives `conflict`.
Result<std::int64_t> insert_role_grant(SQLite::Database& db, const RoleGrant& grant);
// REQUIRES: a WriteTransaction is open. `not_found` when no such grant in the organisation.
Result<RoleGrant> delete_role_grant(SQLite::Database& db, std::int64_t organization_id, std::int64_t grant_id);
Result<std::vector<RoleGrant>> list_role_grants(SQLite::Database& db, std::int64_t organization_id);

// Roles of a user in one organisation, directly or through one of its groups.
Result<std::vector<std::string>> roles_of_user(SQLite::Database& db, std::int64_t organization_id,
                                               const std::string& user_id,
                                               const std::vector<std::string>& groups);
// Organisations in which the user (or one of its groups) holds any role.
Result<std::vector<std::int64_t>> organizations_of_user(SQLite::Database& db, const std::string& user_id,
                                                        const std::vector<std::string>& groups);

}  // namespace registre::store
