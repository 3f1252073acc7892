#include "services/group_sync_service.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/log.hpp"
#include "crypto/sodium.hpp"
#include "services/audit.hpp"
#include "store/audit_store.hpp"
#include "store/field_definition_store.hpp"
#include "store/organization_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

constexpr std::int64_t kFullSyncEvery = 3600;                  // seconds: drift in Nextcloud undone
constexpr auto kPauseAfterRefusal = std::chrono::minutes(30);  // Nextcloud's brute-force window

std::string group_subject(const domain::ManagedGroup& group) {
  return "group-sync:" + std::to_string(group.id);
}

std::vector<std::string> user_ids_of(const std::vector<store::WantedAccount>& accounts) {
  std::vector<std::string> ids;
  ids.reserve(accounts.size());
  for (const auto& a : accounts)
    ids.push_back(a.user_id);
  return ids;
}

// Audits one change Nextcloud has just made, in a transaction of its own: a run killed halfway
// (or failing later) must not leave changes in Nextcloud that the audit log never shows. Only
// the change whose answer was in flight at a crash can go unaudited. `action` is
// group_sync.user_added | group_sync.user_removed | group_sync.group_created; `subject` is
// member:<pseudonym>, role-grant:<id> or group-sync:<id>.
Status audit_change(SQLite::Database& connection, const Clock& clock, std::int64_t organization_id,
                    const char* action, const std::string& subject) {
  return store::in_write_transaction(
      connection, "auditing a group sync change", [&](SQLite::Database& db) -> Status {
        auto audit = store::append_audit_entry(
            db, audit_entry(system_request(), format_utc(clock.now()), action, organization_id,
                            subject, {"nextcloudGroups"}));
        if (!audit) return std::move(audit).error();
        return ok_status();
      });
}

// The audit subject of an account removed from a group: its member, else the group.
Status audit_removal(SQLite::Database& connection, const Clock& clock, std::int64_t organization_id,
                     const std::string& user_id, const domain::ManagedGroup& group) {
  return store::in_write_transaction(
      connection, "auditing a group sync change", [&](SQLite::Database& db) -> Status {
        auto member = store::member_of_account(db, organization_id, user_id);
        if (!member) return std::move(member).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(system_request(), format_utc(clock.now()), "group_sync.user_removed",
                            organization_id,
                            member->has_value() ? member.value()->subject : group_subject(group),
                            {"nextcloudGroups"}));
        if (!audit) return std::move(audit).error();
        return ok_status();
      });
}

nlohmann::json error_json(const std::string& operation,
                          const nextcloud::ProvisioningOutcome& outcome,
                          std::optional<std::int64_t> member_number) {
  nlohmann::json e = {{"operation", operation},
                      {"httpStatus", outcome.http_status},
                      {"ocsStatus", outcome.ocs_status},
                      {"message", outcome.message}};
  e["memberNumber"] = member_number ? nlohmann::json(*member_number) : nlohmann::json(nullptr);
  return e;
}

nlohmann::json error_json(const std::string& operation, const Error& error) {
  return {{"operation", operation},
          {"httpStatus", nullptr},
          {"ocsStatus", nullptr},
          {"message", error.detail},
          {"memberNumber", nullptr}};
}

}  // namespace

Status GroupSyncService::require_nextcloud() const {
  if (provisioning_ == nullptr) {
    return make_error(ErrorKind::unavailable, "group-sync-needs-nextcloud",
                      "group sync needs Nextcloud (not available in standalone mode)");
  }
  return ok_status();
}

std::int64_t GroupSyncService::now_unix() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
}

Result<domain::ManagedGroup> GroupSyncService::add_group(const RequestInfo& request,
                                                         std::int64_t organization_id,
                                                         Draft draft) {
  domain::ManagedGroup group;
  group.organization_id = organization_id;
  std::vector<FieldError> errors;
  auto kind = domain::group_kind_from_string(draft.kind);
  if (!kind) errors.push_back({"kind", "group-sync-kind"});
  group.kind = kind.value_or(domain::GroupKind::active_members);
  group.role = draft.role;
  group.field_key = draft.field_key;
  group.group_id = draft.group_id;
  group.display_name = draft.display_name;
  if (kind) {
    auto more = domain::validate_managed_group(group);
    errors.insert(errors.end(), more.begin(), more.end());
  }
  if (!errors.empty()) return invalid_fields(std::move(errors));
  group.acting_user = request.actor.user_id;
  group.created_at = format_utc(clock_.now());

  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "adding a managed group",
      [&](SQLite::Database& db) -> Result<domain::ManagedGroup> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        if (group.kind == domain::GroupKind::board) {
          auto fields = store::list_field_definitions(db, organization_id);
          if (!fields) return std::move(fields).error();
          auto found = std::find_if(
              fields->begin(), fields->end(),
              [&](const domain::FieldDefinition& f) { return f.key == group.field_key; });
          // Sealed (sensitive) values cannot be read by a query, and a board is not sensitive.
          if (found == fields->end() || found->type != "boolean" ||
              found->classification == "sensitive") {
            return invalid_fields({{"fieldKey", "group-sync-field-not-boolean"}});
          }
        }
        auto id = store::insert_managed_group(db, group);
        if (!id) {
          if (id.error().kind == ErrorKind::conflict) {
            return make_error(ErrorKind::conflict, "group-sync-group-managed",
                              "this Nextcloud group is already managed");
          }
          return std::move(id).error();
        }
        group.id = id.value();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, group.created_at, "group_sync.group_added", organization_id,
                            group_subject(group), {"kind", "groupId"}));
        if (!audit) return std::move(audit).error();
        return group;
      });
}

Result<std::vector<domain::ManagedGroup>> GroupSyncService::list_groups(
    const RequestInfo&, std::int64_t organization_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_read_transaction(
      lease->db(), "listing managed groups",
      [&](SQLite::Database& db) -> Result<std::vector<domain::ManagedGroup>> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        return store::list_managed_groups(db, organization_id);
      });
}

Status GroupSyncService::remove_group(const RequestInfo& request, std::int64_t organization_id,
                                      std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "removing a managed group", [&](SQLite::Database& db) -> Status {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto removed = store::delete_managed_group(db, organization_id, id);
        if (!removed) return removed;
        auto audit = store::append_audit_entry(
            db, audit_entry(request, format_utc(clock_.now()), "group_sync.group_removed",
                            organization_id, "group-sync:" + std::to_string(id)));
        if (!audit) return std::move(audit).error();
        return ok_status();
      });
}

Result<domain::ManagedGroup> GroupSyncService::confirm_group(const RequestInfo& request,
                                                             std::int64_t organization_id,
                                                             std::int64_t id) {
  if (auto s = require_nextcloud(); !s) return std::move(s).error();
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto confirmed = store::in_write_transaction(
      lease->db(), "confirming a managed group",
      [&](SQLite::Database& db) -> Result<domain::ManagedGroup> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto group = store::get_managed_group(db, organization_id, id);
        if (!group) return std::move(group).error();
        if (!group->previewed_at) {
          return make_error(ErrorKind::conflict, "group-sync-preview-first",
                            "a dry run must show this group's changes before its first sync");
        }
        // Confirming again names the administrator the calls act as from now on.
        const std::string at = format_utc(clock_.now());
        if (auto s = store::confirm_managed_group(db, id, at, request.actor.user_id); !s)
          return std::move(s).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, at, "group_sync.group_confirmed", organization_id,
                            group_subject(group.value())));
        if (!audit) return std::move(audit).error();
        return store::get_managed_group(db, organization_id, id);
      });
  if (!confirmed) return confirmed;
  // The first sync, without waiting for the schedule.
  enqueue_([this, organization_id] {
    auto ran = run(organization_id, "admin", true);
    if (!ran)
      log::error("group sync failed",
                 {{"organization", organization_id}, {"detail", ran.error().detail}});
  });
  return confirmed;
}

Result<std::vector<GroupSyncService::GroupPreview>> GroupSyncService::preview(
    const RequestInfo& request, std::int64_t organization_id) {
  if (auto s = require_nextcloud(); !s) return std::move(s).error();
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  struct Planned {
    domain::ManagedGroup group;
    std::vector<store::WantedAccount> wanted;
  };
  auto planned =
      store::in_read_transaction(lease->db(), "planning a group sync preview",
                                 [&](SQLite::Database& db) -> Result<std::vector<Planned>> {
                                   auto org = store::get_organization(db, organization_id);
                                   if (!org) return std::move(org).error();
                                   auto groups = store::list_managed_groups(db, organization_id);
                                   if (!groups) return std::move(groups).error();
                                   std::vector<Planned> out;
                                   for (auto& g : groups.value()) {
                                     auto wanted = store::wanted_accounts(db, g);
                                     if (!wanted) return std::move(wanted).error();
                                     out.push_back({std::move(g), std::move(wanted).value()});
                                   }
                                   return out;
                                 });
  if (!planned) return std::move(planned).error();

  // Nextcloud is read without holding a database connection's transaction open.
  std::vector<GroupPreview> previews;
  for (const auto& p : planned.value()) {
    GroupPreview preview;
    preview.group = p.group;
    std::optional<std::vector<std::string>> current;
    auto members = provisioning_->group_members(p.group.group_id, request.actor.user_id);
    if (!members) {
      preview.error = members.error().detail;
      previews.push_back(std::move(preview));
      continue;
    }
    preview.to_create = !members->has_value();
    const auto diff =
        domain::diff_group(user_ids_of(p.wanted), members->value_or(std::vector<std::string>{}));
    std::map<std::string, std::optional<std::int64_t>> numbers;
    for (const auto& a : p.wanted)
      numbers.emplace(a.user_id, a.member_number);
    for (const auto& uid : diff.to_add)
      preview.to_add.push_back({uid, numbers[uid]});
    for (const auto& uid : diff.to_remove)
      preview.to_remove.push_back({uid, std::nullopt});
    previews.push_back(std::move(preview));
  }

  auto recorded = store::in_write_transaction(
      lease->db(), "recording a group sync preview", [&](SQLite::Database& db) -> Status {
        const std::string at = format_utc(clock_.now());
        for (auto& preview : previews) {
          for (auto& change : preview.to_remove) {
            auto member = store::member_of_account(db, organization_id, change.user_id);
            if (!member) return std::move(member).error();
            if (member->has_value()) change.member_number = member.value()->member_number;
          }
          if (preview.error) continue;
          if (auto s = store::mark_group_previewed(db, preview.group.id, at); !s) return s;
          preview.group.previewed_at = at;
          // Who would be added or removed was shown: account ids of members, so the reading is
          // audited.
          auto audit = store::append_audit_entry(
              db, audit_entry(request, at, "group_sync.previewed", organization_id,
                              group_subject(preview.group)));
          if (!audit) return std::move(audit).error();
        }
        return ok_status();
      });
  if (!recorded) return std::move(recorded).error();
  return previews;
}

Status GroupSyncService::request_run(const RequestInfo& request, std::int64_t organization_id) {
  if (auto s = require_nextcloud(); !s) return s;
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto audited = store::in_write_transaction(
      lease->db(), "requesting a group sync", [&](SQLite::Database& db) -> Status {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, format_utc(clock_.now()), "group_sync.run_requested",
                            organization_id, "organization:" + std::to_string(organization_id)));
        if (!audit) return std::move(audit).error();
        return ok_status();
      });
  if (!audited) return audited;
  const bool queued = enqueue_([this, organization_id] {
    auto ran = run(organization_id, "admin", true);
    if (!ran)
      log::error("group sync failed",
                 {{"organization", organization_id}, {"detail", ran.error().detail}});
  });
  if (!queued) return make_error(ErrorKind::unavailable, "unavailable", "the service is stopping");
  return ok_status();
}

Result<store::GroupSyncRun> GroupSyncService::run(std::int64_t organization_id,
                                                  const std::string& trigger, bool force) {
  if (auto s = require_nextcloud(); !s) return std::move(s).error();
  store::GroupSyncRun record;
  record.organization_id = organization_id;
  record.trigger = trigger;
  record.started_at = format_utc(clock_.now());

  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  struct Planned {
    domain::ManagedGroup group;
    std::vector<store::WantedAccount> wanted;
  };
  auto planned = store::in_read_transaction(
      lease->db(), "planning a group sync",
      [&](SQLite::Database& db) -> Result<std::vector<Planned>> {
        auto groups = store::list_managed_groups(db, organization_id);
        if (!groups) return std::move(groups).error();
        std::vector<Planned> out;
        for (auto& g : groups.value()) {
          if (!g.confirmed_at) continue;  // never before an administrator confirmed a dry run
          auto wanted = store::wanted_accounts(db, g);
          if (!wanted) return std::move(wanted).error();
          out.push_back({std::move(g), std::move(wanted).value()});
        }
        return out;
      });
  if (!planned) return std::move(planned).error();

  struct Outcome {
    nlohmann::json report;
    // Accounts Nextcloud did not remove, in order: their member numbers are looked up in the
    // final transaction for the report's errors.
    std::vector<std::string> failed_removals;
    std::optional<std::string> synced_hash;  // set when the group is now complete
    bool touched = false;                    // whether synced_hash must be written
  };
  std::vector<Outcome> outcomes;
  bool refused = false;  // Nextcloud refused the app (credentials, throttling) or is unreachable
  const std::int64_t now = now_unix();
  for (const auto& p : planned.value()) {
    const auto& g = p.group;
    Outcome o;
    o.report = {{"id", g.id},
                {"groupId", g.group_id},
                {"kind", domain::to_string(g.kind)},
                {"created", false},
                {"added", 0},
                {"removed", 0},
                {"skipped", false},
                {"errors", nlohmann::json::array()}};
    const auto wanted_ids = user_ids_of(p.wanted);
    const std::string hash = crypto::blake2b_256_hex(domain::wanted_fingerprint_input(wanted_ids));
    if (refused) {
      o.report["errors"].push_back(
          {{"operation", "not_run"},
           {"httpStatus", nullptr},
           {"ocsStatus", nullptr},
           {"message", "not attempted: Nextcloud refused an earlier call of this run"},
           {"memberNumber", nullptr}});
      outcomes.push_back(std::move(o));
      continue;
    }
    if (!force && g.synced_hash == hash && g.synced_at && now - *g.synced_at < kFullSyncEvery) {
      o.report["skipped"] = true;  // nothing changed in the register since the last complete sync
      outcomes.push_back(std::move(o));
      continue;
    }
    o.touched = true;
    auto members = provisioning_->group_members(g.group_id, g.acting_user);
    if (!members) {
      o.report["errors"].push_back(error_json("list", members.error()));
      refused = true;
      outcomes.push_back(std::move(o));
      continue;
    }
    bool failed = false;
    if (!members->has_value()) {
      auto created = provisioning_->create_group(g.group_id, g.display_name, g.acting_user);
      if (!created) {
        o.report["errors"].push_back(error_json("create", created.error()));
        refused = true;
        outcomes.push_back(std::move(o));
        continue;
      }
      if (!created->ok) {
        o.report["errors"].push_back(error_json("create", created.value(), std::nullopt));
        outcomes.push_back(std::move(o));
        continue;
      }
      o.report["created"] = true;
      if (auto s = audit_change(lease->db(), clock_, organization_id, "group_sync.group_created",
                                group_subject(g));
          !s)
        return std::move(s).error();
    }
    const auto diff = domain::diff_group(wanted_ids, members->value_or(std::vector<std::string>{}));
    std::map<std::string, const store::WantedAccount*> by_uid;
    for (const auto& a : p.wanted)
      by_uid.emplace(a.user_id, &a);
    int added = 0;
    for (const auto& uid : diff.to_add) {
      const auto* account = by_uid[uid];
      auto done = provisioning_->add_to_group(uid, g.group_id, g.acting_user);
      if (!done) {
        o.report["errors"].push_back(error_json("add", done.error()));
        refused = true;
        failed = true;
        break;
      }
      if (!done->ok) {
        o.report["errors"].push_back(error_json("add", done.value(), account->member_number));
        failed = true;
        continue;
      }
      ++added;
      if (auto s = audit_change(lease->db(), clock_, organization_id, "group_sync.user_added",
                                account->subject);
          !s)
        return std::move(s).error();
    }
    int removed = 0;
    for (const auto& uid : diff.to_remove) {
      if (refused) break;
      auto done = provisioning_->remove_from_group(uid, g.group_id, g.acting_user);
      if (!done) {
        o.report["errors"].push_back(error_json("remove", done.error()));
        refused = true;
        failed = true;
        break;
      }
      if (!done->ok) {
        o.report["errors"].push_back(error_json("remove", done.value(), std::nullopt));
        o.failed_removals.push_back(uid);
        failed = true;
        continue;
      }
      ++removed;
      if (auto s = audit_removal(lease->db(), clock_, organization_id, uid, g); !s)
        return std::move(s).error();
    }
    o.report["added"] = added;
    o.report["removed"] = removed;
    if (!failed) o.synced_hash = hash;
    outcomes.push_back(std::move(o));
  }
  if (refused) {
    std::lock_guard lock(mutex_);
    paused_until_ = std::chrono::steady_clock::now() + kPauseAfterRefusal;
  }

  // The report and the fingerprints in one transaction (each change was audited as it was made).
  auto stored = store::in_write_transaction(
      lease->db(), "recording a group sync run",
      [&](SQLite::Database& db) -> Result<store::GroupSyncRun> {
        const RequestInfo system = system_request();
        const std::string at = format_utc(clock_.now());
        nlohmann::json groups = nlohmann::json::array();
        std::int64_t error_count = 0;
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
          auto& o = outcomes[i];
          const auto& g = planned.value()[i].group;
          for (std::size_t n = 0; n < o.failed_removals.size(); ++n) {
            auto member = store::member_of_account(db, organization_id, o.failed_removals[n]);
            if (!member) return std::move(member).error();
            // Fill in the member number of the n-th failed removal's error.
            std::size_t seen = 0;
            for (auto& e : o.report["errors"]) {
              if (e["operation"] != "remove") continue;
              if (seen++ == n && member->has_value())
                e["memberNumber"] = *member.value()->member_number;
            }
          }
          if (o.touched) {
            if (auto s = store::record_group_synced(db, g.id, o.synced_hash, now); !s)
              return std::move(s).error();
          }
          error_count += static_cast<std::int64_t>(o.report["errors"].size());
          groups.push_back(std::move(o.report));
        }
        record.finished_at = at;
        record.error_count = error_count;
        record.report = nlohmann::json{{"groups", std::move(groups)}}.dump();
        auto id = store::insert_group_sync_run(db, record);
        if (!id) return std::move(id).error();
        record.id = id.value();
        auto audit = store::append_audit_entry(
            db, audit_entry(system, at, "group_sync.run", organization_id,
                            "group-sync-run:" + std::to_string(record.id)));
        if (!audit) return std::move(audit).error();
        return record;
      });
  if (!stored) return stored;
  if (stored->error_count > 0) {
    log::warn(
        "group sync reported errors",
        {{"organization", organization_id}, {"run", stored->id}, {"errors", stored->error_count}});
  }
  return stored;
}

Result<int> GroupSyncService::run_all() {
  if (provisioning_ == nullptr) return 0;
  {
    std::lock_guard lock(mutex_);
    if (std::chrono::steady_clock::now() < paused_until_) return 0;
  }
  Result<std::vector<std::int64_t>> organizations = std::vector<std::int64_t>{};
  {
    auto lease = db_.acquire();
    if (!lease) return std::move(lease).error();
    organizations = store::organizations_with_group_sync(lease->db());
  }
  if (!organizations) return std::move(organizations).error();
  int runs = 0;
  for (auto organization_id : organizations.value()) {
    auto ran = run(organization_id, "schedule", false);
    if (!ran) return std::move(ran).error();
    ++runs;
    std::lock_guard lock(mutex_);
    if (std::chrono::steady_clock::now() < paused_until_) break;  // Nextcloud refused: stop here
  }
  return runs;
}

Result<std::vector<store::GroupSyncRun>> GroupSyncService::list_runs(const RequestInfo&,
                                                                     std::int64_t organization_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_read_transaction(
      lease->db(), "listing group sync runs",
      [&](SQLite::Database& db) -> Result<std::vector<store::GroupSyncRun>> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        return store::list_group_sync_runs(db, organization_id, 50);
      });
}

Result<std::optional<std::size_t>> GroupSyncService::reconcile_accounts() {
  if (provisioning_ == nullptr) return std::optional<std::size_t>();
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto linked = store::linked_accounts(lease->db());
  if (!linked) return std::move(linked).error();
  if (linked->empty()) return std::optional<std::size_t>();  // nothing to check: no call

  auto ids = provisioning_->user_ids();
  if (!ids) {
    log::warn("account reconciliation skipped: Nextcloud did not list its users",
              {{"detail", ids.error().detail}});
    return std::optional<std::size_t>();
  }
  // An instance has at least the administrator: an empty list is a failure, not a mass deletion.
  if (ids->empty()) {
    log::warn("account reconciliation skipped: Nextcloud listed no user at all");
    return std::optional<std::size_t>();
  }
  const std::set<std::string> existing(ids->begin(), ids->end());
  std::vector<store::LinkedAccount> gone;
  for (const auto& account : linked.value()) {
    if (!existing.count(account.user_id)) gone.push_back(account);
  }
  if (gone.empty()) return std::optional<std::size_t>(0);
  if (gone.size() == linked->size() && linked->size() > 1) {
    log::warn("account reconciliation skipped: no linked account exists in Nextcloud's list",
              {{"linked", linked->size()}});
    return std::optional<std::size_t>();
  }
  auto unlinked = store::in_write_transaction(
      lease->db(), "unlinking deleted Nextcloud accounts",
      [&](SQLite::Database& db) -> Result<std::size_t> {
        const std::string at = format_utc(clock_.now());
        const RequestInfo system = system_request();
        std::size_t count = 0;
        for (const auto& account : gone) {
          auto changed = store::unlink_account(db, account.member_id, account.user_id, at);
          if (!changed) return std::move(changed).error();
          if (!changed.value()) continue;  // relinked meanwhile
          ++count;
          auto audit = store::append_audit_entry(
              db,
              audit_entry(system, at, "member.nextcloud_account_unlinked", account.organization_id,
                          "member:" + account.pseudonym, {"nextcloudUser"}));
          if (!audit) return std::move(audit).error();
        }
        return count;
      });
  if (!unlinked) return std::move(unlinked).error();
  if (unlinked.value() > 0)
    log::info("members unlinked from deleted Nextcloud accounts", {{"count", unlinked.value()}});
  return std::optional<std::size_t>(unlinked.value());
}

}  // namespace registre::services
