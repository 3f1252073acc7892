#pragma once
// The group_sync_groups and group_sync_runs tables, the accounts a managed group should hold, and
// the members whose linked Nextcloud account is checked against Nextcloud's user list.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/group_sync.hpp"

namespace registre::store {

// REQUIRES: a WriteTransaction is open. A group id already managed gives `conflict`.
Result<std::int64_t> insert_managed_group(SQLite::Database& db, const domain::ManagedGroup& group);
Result<std::vector<domain::ManagedGroup>> list_managed_groups(SQLite::Database& db,
                                                              std::int64_t organization_id);
// `not_found` when the organisation has no such managed group.
Result<domain::ManagedGroup> get_managed_group(SQLite::Database& db, std::int64_t organization_id,
                                               std::int64_t id);
// REQUIRES: a WriteTransaction is open.
Status delete_managed_group(SQLite::Database& db, std::int64_t organization_id, std::int64_t id);
Status mark_group_previewed(SQLite::Database& db, std::int64_t id, const std::string& at);
Status confirm_managed_group(SQLite::Database& db, std::int64_t id, const std::string& at,
                             const std::string& by);
// After a complete sync of the group: the fingerprint of what it now holds (nullopt: the run had
// errors, so the next run must look again).
Status record_group_synced(SQLite::Database& db, std::int64_t id,
                           const std::optional<std::string>& hash, std::int64_t at_unix);
// Organisations that have at least one confirmed managed group.
Result<std::vector<std::int64_t>> organizations_with_group_sync(SQLite::Database& db);

// A Nextcloud account a managed group should hold, and how the audit log names its holder.
struct WantedAccount {
  std::string user_id;
  std::string subject;                        // "member:<pseudonym>" or "role-grant:<id>"
  std::optional<std::int64_t> member_number;  // for reports
};
Result<std::vector<WantedAccount>> wanted_accounts(SQLite::Database& db,
                                                   const domain::ManagedGroup& group);
// The member of the organisation whose record names `user_id` (the lowest id), as for an account
// a group should no longer hold. nullopt when none.
Result<std::optional<WantedAccount>> member_of_account(SQLite::Database& db,
                                                       std::int64_t organization_id,
                                                       const std::string& user_id);

// One run's report (report = JSON text).
struct GroupSyncRun {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string trigger;  // schedule | admin
  std::string started_at;
  std::string finished_at;
  std::int64_t error_count = 0;
  std::string report;
};
// REQUIRES: a WriteTransaction is open. Keeps the 50 latest runs of the organisation.
Result<std::int64_t> insert_group_sync_run(SQLite::Database& db, const GroupSyncRun& run);
// Latest first.
Result<std::vector<GroupSyncRun>> list_group_sync_runs(SQLite::Database& db,
                                                       std::int64_t organization_id, int limit);

// A member whose record names a Nextcloud account.
struct LinkedAccount {
  std::int64_t member_id = 0;
  std::int64_t organization_id = 0;
  std::string pseudonym;
  std::string user_id;
};
Result<std::vector<LinkedAccount>> linked_accounts(SQLite::Database& db);
// REQUIRES: a WriteTransaction is open. Clears members.nextcloud_user when it still names
// `user_id`, and bumps the row's version (an If-Match read before no longer matches) and
// updated_at. Returns whether the row changed.
Result<bool> unlink_account(SQLite::Database& db, std::int64_t member_id,
                            const std::string& user_id, const std::string& at);

}  // namespace registre::store
