#pragma once
// Nextcloud groups that mirror the register (group sync), and the reconciliation of members'
// linked Nextcloud accounts with the accounts that still exist. docs/nextcloud-integration.md
// explains both for an administrator.
//
// - Administrators choose which groups Registre manages (kind + Nextcloud group id), look at a dry
//   run, and confirm each group once after a dry run showed it: only confirmed groups are synced.
// - A run reads each confirmed group's members from Nextcloud, creates a missing group, then adds
//   and removes exactly the accounts of the diff, acting as the administrator stored with the
//   group. It touches no other group and no account outside the diff. Errors are reported per
//   group and retried by the next run (the next diff); a call that Nextcloud refused for the app
//   itself (credentials, throttling, unreachable) stops the run, and pauses the scheduled runs.
// - The scheduled job runs every 5 minutes: a group whose wanted accounts hash to the value of its
//   last complete sync without errors, less than an hour ago, is skipped without calling
//   Nextcloud. So a change in the register reaches Nextcloud within 5 minutes, and a change made
//   by hand in Nextcloud is undone within the hour.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/group_sync.hpp"
#include "nextcloud/provisioning.hpp"
#include "services/request_info.hpp"
#include "store/database.hpp"
#include "store/group_sync_store.hpp"

namespace registre::services {

class GroupSyncService {
 public:
  // `provisioning` is null in standalone mode (no Nextcloud): groups can be configured, not synced.
  // `enqueue` queues work on the job runner (false once it stops).
  GroupSyncService(store::Database& db, const Clock& clock, nextcloud::Provisioning* provisioning,
                   std::function<bool(std::function<void()>)> enqueue)
      : db_(db), clock_(clock), provisioning_(provisioning), enqueue_(std::move(enqueue)) {}

  struct Draft {
    std::string kind, role, field_key, group_id, display_name;
  };
  Result<domain::ManagedGroup> add_group(const RequestInfo& request, std::int64_t organization_id,
                                         Draft draft);
  Result<std::vector<domain::ManagedGroup>> list_groups(const RequestInfo& request,
                                                        std::int64_t organization_id);
  // Stops managing the group; the Nextcloud group and its members stay as they are.
  Status remove_group(const RequestInfo& request, std::int64_t organization_id, std::int64_t id);
  // `conflict` until a dry run showed the group. Queues a run at once. Confirming again makes the
  // caller the administrator the calls act as.
  Result<domain::ManagedGroup> confirm_group(const RequestInfo& request,
                                             std::int64_t organization_id, std::int64_t id);

  // An account a dry run would add or remove.
  struct AccountChange {
    std::string user_id;
    std::optional<std::int64_t> member_number;
  };
  struct GroupPreview {
    domain::ManagedGroup group;
    bool to_create = false;
    std::vector<AccountChange> to_add, to_remove;
    std::optional<std::string> error;  // Nextcloud could not tell the group's members
  };
  // The dry run: every managed group of the organisation, confirmed or not, read as the caller
  // (an administrator). Changes nothing in Nextcloud; records that each group was shown.
  Result<std::vector<GroupPreview>> preview(const RequestInfo& request,
                                            std::int64_t organization_id);

  // Queues a run of the organisation's confirmed groups (every group looked at, none skipped).
  Status request_run(const RequestInfo& request, std::int64_t organization_id);
  // One run now, on the calling thread (the job runner's). `force`: no group is skipped.
  Result<store::GroupSyncRun> run(std::int64_t organization_id, const std::string& trigger,
                                  bool force);
  // The scheduled job: every organisation with a confirmed group. Returns the number of runs.
  Result<int> run_all();
  Result<std::vector<store::GroupSyncRun>> list_runs(const RequestInfo& request,
                                                     std::int64_t organization_id);

  // Unlinks members whose linked Nextcloud account no longer exists. Does nothing when no member
  // is linked, when the user list cannot be read, when it is empty, or when it would unlink every
  // linked member of several (a partial or wrong answer, not a mass deletion). Returns the number
  // of members unlinked; nullopt when it did not act.
  Result<std::optional<std::size_t>> reconcile_accounts();

 private:
  Status require_nextcloud() const;
  std::int64_t now_unix() const;

  store::Database& db_;
  const Clock& clock_;
  nextcloud::Provisioning* provisioning_;
  std::function<bool(std::function<void()>)> enqueue_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point paused_until_{};  // scheduled runs wait after a refusal
};

}  // namespace registre::services
