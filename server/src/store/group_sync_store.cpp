#include "store/group_sync_store.hpp"

#include <SQLiteCpp/Statement.h>

#include <functional>

#include "core/concat.hpp"
#include "store/sql_values.hpp"
#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

constexpr const char* kManagedGroupColumns =
    "id, organization_id, kind, role, field_key, group_id, display_name, acting_user, created_at, "
    "previewed_at, confirmed_at, confirmed_by, synced_hash, synced_at";

domain::ManagedGroup read_group(SQLite::Statement& q) {
  domain::ManagedGroup g;
  g.id = q.getColumn(0).getInt64();
  g.organization_id = q.getColumn(1).getInt64();
  g.kind = domain::group_kind_from_string(q.getColumn(2).getString())
               .value_or(domain::GroupKind::active_members);
  g.role = optional_text(q.getColumn(3)).value_or("");
  g.field_key = optional_text(q.getColumn(4)).value_or("");
  g.group_id = q.getColumn(5).getString();
  g.display_name = optional_text(q.getColumn(6)).value_or("");
  g.acting_user = q.getColumn(7).getString();
  g.created_at = q.getColumn(8).getString();
  g.previewed_at = optional_text(q.getColumn(9));
  g.confirmed_at = optional_text(q.getColumn(10));
  g.confirmed_by = optional_text(q.getColumn(11));
  g.synced_hash = optional_text(q.getColumn(12));
  if (!q.getColumn(13).isNull()) g.synced_at = q.getColumn(13).getInt64();
  return g;
}

// The group settings keep "none" as an empty string in memory and NULL in the table.
void bind_empty_as_null(SQLite::Statement& s, int index, const std::string& value) {
  if (value.empty())
    s.bind(index);
  else
    s.bind(index, value);
}

Status exec_update(SQLite::Database& db, const char* sql, const char* context,
                   const std::function<void(SQLite::Statement&)>& bind) {
  try {
    SQLite::Statement s(db, sql);
    bind(s);
    s.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, context);
  }
}

}  // namespace

Result<std::int64_t> insert_managed_group(SQLite::Database& db, const domain::ManagedGroup& g) {
  try {
    SQLite::Statement s(
        db,
        "INSERT INTO group_sync_groups (organization_id, kind, role, field_key, group_id, "
        "display_name, acting_user, created_at) VALUES (?,?,?,?,?,?,?,?)");
    s.bind(1, g.organization_id);
    s.bind(2, domain::to_string(g.kind));
    bind_empty_as_null(s, 3, g.role);
    bind_empty_as_null(s, 4, g.field_key);
    s.bind(5, g.group_id);
    bind_empty_as_null(s, 6, g.display_name);
    s.bind(7, g.acting_user);
    s.bind(8, g.created_at);
    s.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "adding a managed group");
  }
}

Result<std::vector<domain::ManagedGroup>> list_managed_groups(SQLite::Database& db,
                                                              std::int64_t organization_id) {
  try {
    SQLite::Statement q(db,
                        concat("SELECT ", kManagedGroupColumns,
                               " FROM group_sync_groups WHERE organization_id = ? ORDER BY id"));
    q.bind(1, organization_id);
    std::vector<domain::ManagedGroup> out;
    while (q.executeStep())
      out.push_back(read_group(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing managed groups");
  }
}

Result<domain::ManagedGroup> get_managed_group(SQLite::Database& db, std::int64_t organization_id,
                                               std::int64_t id) {
  try {
    SQLite::Statement q(db, concat("SELECT ", kManagedGroupColumns,
                                   " FROM group_sync_groups WHERE organization_id = ? AND id = ?"));
    q.bind(1, organization_id);
    q.bind(2, id);
    if (!q.executeStep())
      return make_error(ErrorKind::not_found, "not-found", "no such managed group");
    return read_group(q);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a managed group");
  }
}

Status delete_managed_group(SQLite::Database& db, std::int64_t organization_id, std::int64_t id) {
  try {
    SQLite::Statement s(db, "DELETE FROM group_sync_groups WHERE organization_id = ? AND id = ?");
    s.bind(1, organization_id);
    s.bind(2, id);
    if (s.exec() == 0)
      return make_error(ErrorKind::not_found, "not-found", "no such managed group");
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "removing a managed group");
  }
}

Status mark_group_previewed(SQLite::Database& db, std::int64_t id, const std::string& at) {
  return exec_update(db, "UPDATE group_sync_groups SET previewed_at = ? WHERE id = ?",
                     "recording a group sync preview", [&](SQLite::Statement& s) {
                       s.bind(1, at);
                       s.bind(2, id);
                     });
}

Status confirm_managed_group(SQLite::Database& db, std::int64_t id, const std::string& at,
                             const std::string& by) {
  return exec_update(
      db,
      "UPDATE group_sync_groups SET confirmed_at = ?, confirmed_by = ?, acting_user = ? "
      "WHERE id = ?",
      "confirming a managed group", [&](SQLite::Statement& s) {
        s.bind(1, at);
        s.bind(2, "user:" + by);
        s.bind(3, by);
        s.bind(4, id);
      });
}

Status record_group_synced(SQLite::Database& db, std::int64_t id,
                           const std::optional<std::string>& hash, std::int64_t at_unix) {
  return exec_update(db, "UPDATE group_sync_groups SET synced_hash = ?, synced_at = ? WHERE id = ?",
                     "recording a group sync", [&](SQLite::Statement& s) {
                       if (hash)
                         s.bind(1, *hash);
                       else
                         s.bind(1);
                       if (hash)
                         s.bind(2, at_unix);
                       else
                         s.bind(2);
                       s.bind(3, id);
                     });
}

Result<std::vector<std::int64_t>> organizations_with_group_sync(SQLite::Database& db) {
  try {
    SQLite::Statement q(db,
                        "SELECT DISTINCT organization_id FROM group_sync_groups "
                        "WHERE confirmed_at IS NOT NULL ORDER BY organization_id");
    std::vector<std::int64_t> out;
    while (q.executeStep())
      out.push_back(q.getColumn(0).getInt64());
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing organisations with group sync");
  }
}

Result<std::vector<WantedAccount>> wanted_accounts(SQLite::Database& db,
                                                   const domain::ManagedGroup& group) {
  try {
    std::vector<WantedAccount> out;
    if (group.kind == domain::GroupKind::role) {
      SQLite::Statement q(db,
                          "SELECT principal_id, id FROM role_grants WHERE organization_id = ? "
                          "AND principal_type = 'user' AND role = ? ORDER BY principal_id");
      q.bind(1, group.organization_id);
      q.bind(2, group.role);
      while (q.executeStep()) {
        out.push_back({q.getColumn(0).getString(),
                       "role-grant:" + std::to_string(q.getColumn(1).getInt64()), std::nullopt});
      }
      return out;
    }
    // Active, not restricted (Art. 18), with an account; erased members have no row. For the
    // board, the yes/no custom field must hold true (json true reads as 1).
    std::string sql =
        "SELECT nextcloud_user, pseudonym, number FROM members WHERE organization_id = ? "
        "AND status = 'active' AND restricted = 0 AND nextcloud_user IS NOT NULL "
        "AND nextcloud_user <> ''";
    if (group.kind == domain::GroupKind::board) {
      sql += " AND json_type(custom, ?) = 'true'";
    }
    sql += " ORDER BY nextcloud_user, id";
    SQLite::Statement q(db, sql);
    q.bind(1, group.organization_id);
    if (group.kind == domain::GroupKind::board) q.bind(2, "$." + group.field_key);
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getString(), "member:" + q.getColumn(1).getString(),
                     q.getColumn(2).getInt64()});
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "computing a managed group's accounts");
  }
}

Result<std::optional<WantedAccount>> member_of_account(SQLite::Database& db,
                                                       std::int64_t organization_id,
                                                       const std::string& user_id) {
  try {
    SQLite::Statement q(db,
                        "SELECT pseudonym, number FROM members WHERE nextcloud_user = ? "
                        "AND organization_id = ? ORDER BY id LIMIT 1");
    q.bind(1, user_id);
    q.bind(2, organization_id);
    if (!q.executeStep()) return std::optional<WantedAccount>();
    return std::optional<WantedAccount>(
        WantedAccount{user_id, "member:" + q.getColumn(0).getString(), q.getColumn(1).getInt64()});
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "looking up a member by account");
  }
}

Result<std::int64_t> insert_group_sync_run(SQLite::Database& db, const GroupSyncRun& run) {
  try {
    SQLite::Statement s(
        db,
        "INSERT INTO group_sync_runs (organization_id, trigger, started_at, finished_at, "
        "error_count, report) VALUES (?,?,?,?,?,?)");
    s.bind(1, run.organization_id);
    s.bind(2, run.trigger);
    s.bind(3, run.started_at);
    s.bind(4, run.finished_at);
    s.bind(5, run.error_count);
    s.bind(6, run.report);
    s.exec();
    const std::int64_t id = db.getLastInsertRowid();
    SQLite::Statement prune(db,
                            "DELETE FROM group_sync_runs WHERE organization_id = ?1 AND id NOT IN "
                            "(SELECT id FROM group_sync_runs WHERE organization_id = ?1 "
                            "ORDER BY id DESC LIMIT 50)");
    prune.bind(1, run.organization_id);
    prune.exec();
    return id;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "recording a group sync run");
  }
}

Result<std::vector<GroupSyncRun>> list_group_sync_runs(SQLite::Database& db,
                                                       std::int64_t organization_id, int limit) {
  try {
    SQLite::Statement q(
        db,
        "SELECT id, organization_id, trigger, started_at, finished_at, error_count, report "
        "FROM group_sync_runs WHERE organization_id = ? ORDER BY id DESC LIMIT ?");
    q.bind(1, organization_id);
    q.bind(2, limit);
    std::vector<GroupSyncRun> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                     q.getColumn(2).getString(), q.getColumn(3).getString(),
                     q.getColumn(4).getString(), q.getColumn(5).getInt64(),
                     q.getColumn(6).getString()});
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing group sync runs");
  }
}

Result<std::vector<LinkedAccount>> linked_accounts(SQLite::Database& db) {
  try {
    SQLite::Statement q(db,
                        "SELECT id, organization_id, pseudonym, nextcloud_user FROM members "
                        "WHERE nextcloud_user IS NOT NULL ORDER BY id");
    std::vector<LinkedAccount> out;
    while (q.executeStep()) {
      out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                     q.getColumn(2).getString(), q.getColumn(3).getString()});
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing linked accounts");
  }
}

Result<bool> unlink_account(SQLite::Database& db, std::int64_t member_id,
                            const std::string& user_id, const std::string& at) {
  try {
    SQLite::Statement s(
        db,
        "UPDATE members SET nextcloud_user = NULL, version = version + 1, updated_at = ? "
        "WHERE id = ? AND nextcloud_user = ?");
    s.bind(1, at);
    s.bind(2, member_id);
    s.bind(3, user_id);
    return s.exec() > 0;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "unlinking a Nextcloud account");
  }
}

}  // namespace registre::store
