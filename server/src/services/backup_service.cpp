#include "services/backup_service.hpp"

#include <filesystem>

#include "crypto/file_digest.hpp"
#include "store/durable_files.hpp"
#include "store/erasure_journal.hpp"
#include "store/sqlite_file.hpp"

namespace registre::services {
namespace fs = std::filesystem;
namespace {

// Copies a SQLite file online and checks the copy.
Result<store::OnlineCopy> copy_and_check(const std::string& from, const std::string& to,
                                         int pages_per_step) {
  auto copied = store::copy_database_online(from, to, pages_per_step);
  if (!copied) return copied;
  auto check = store::integrity_check(to);
  if (!check) return std::move(check).error();
  if (check.value() != "ok")
    return unavailable_error("the copy of " + from +
                             " failed its integrity check: " + check.value());
  return copied;
}

Result<BackupReport> fill(const std::string& storage_dir, const std::string& partial,
                          const std::string& created_at, int pages_per_step) {
  const fs::path storage(storage_dir);
  const fs::path out(partial);
  BackupReport report;
  BackupManifest& m = report.manifest;
  m.created_at = created_at;
  m.registre_version = REGISTRE_VERSION;
  // Read before the copy starts, so that every erasure after it is beyond the position. (A
  // restore re-applies the whole journal anyway: services/erasure_replay.hpp says why.)
  store::ErasureJournal journal(storage_dir);
  auto position = journal.read();
  if (!position) return std::move(position).error();
  m.erasure_journal_position = position->last_seq;

  auto db = copy_and_check((storage / kBackupDatabase).string(), (out / kBackupDatabase).string(),
                           pages_per_step);
  if (!db) return std::move(db).error();
  report.pages_copied = db->pages;
  report.steps = db->steps;
  auto version = store::schema_version_of((out / kBackupDatabase).string());
  if (!version) return std::move(version).error();
  m.schema_version = version.value();
  std::vector<std::string> files = {kBackupDatabase};

  // After the register: a member created meanwhile has their key before their row, so every
  // member of the copy finds their key here.
  std::error_code ec;
  if (auto s = store::create_private_directory((out / "keys").string()); !s)
    return std::move(s).error();
  if (fs::exists(storage / kBackupMemberKeys, ec)) {
    auto keys = copy_and_check((storage / kBackupMemberKeys).string(),
                               (out / kBackupMemberKeys).string(), pages_per_step);
    if (!keys) return std::move(keys).error();
    files.push_back(kBackupMemberKeys);
  }
  if (fs::exists(storage / kBackupKeyStore, ec)) {
    auto copied = store::copy_file_durably((storage / kBackupKeyStore).string(),
                                           (out / kBackupKeyStore).string());
    if (!copied) return std::move(copied).error();
    files.push_back(kBackupKeyStore);
  }
  for (const auto& name : files) {
    const std::string path = (out / name).string();
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace,
                    ec);
    if (auto s = store::sync_path(path); !s) return std::move(s).error();
    auto digest = crypto::blake2b_256_file_hex(path);
    if (!digest) return std::move(digest).error();
    m.files.push_back({name, fs::file_size(path, ec), digest.value()});
  }
  if (auto s = store::write_file_durably((out / kBackupManifest).string(), manifest_json(m)); !s)
    return std::move(s).error();
  if (auto s = store::sync_path((out / "keys").string()); !s) return std::move(s).error();
  if (auto s = store::sync_path(partial); !s) return std::move(s).error();
  return report;
}

}  // namespace

Result<BackupReport> create_backup(const std::string& storage_dir, const std::string& target_dir,
                                   const Clock& clock, int pages_per_step) {
  std::error_code ec;
  if (!fs::exists(fs::path(storage_dir) / kBackupDatabase, ec)) {
    return make_error(ErrorKind::not_found, "not-found",
                      "no register in " + storage_dir + " (no " + kBackupDatabase + ")");
  }
  if (auto s = store::create_private_directory(target_dir); !s) return std::move(s).error();
  const std::string created_at = format_utc(clock.now());
  const std::string name = "registre-backup-" + compact_time(created_at);
  const fs::path final_path = fs::path(target_dir) / name;
  const fs::path partial = fs::path(target_dir) / ("." + name + ".partial");
  if (fs::exists(final_path, ec) || fs::exists(partial, ec))
    return unavailable_error(final_path.string() + " exists already");
  if (auto s = store::create_private_directory(partial.string()); !s) return std::move(s).error();
  auto report = fill(storage_dir, partial.string(), created_at, pages_per_step);
  if (report) {
    fs::rename(partial, final_path, ec);
    if (ec) report = unavailable_error("cannot rename the backup into place: " + ec.message());
  }
  if (!report) {
    fs::remove_all(partial, ec);  // our own temporary directory, never anything else
    return report;
  }
  if (auto s = store::sync_path(target_dir); !s) return std::move(s).error();
  report->directory = final_path.string();
  return report;
}

}  // namespace registre::services
