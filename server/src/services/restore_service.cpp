#include "services/restore_service.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "crypto/file_digest.hpp"
#include "crypto/member_key_store.hpp"
#include "store/database.hpp"
#include "store/durable_files.hpp"
#include "store/erasure_journal.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_file.hpp"

namespace registre::services {
namespace fs = std::filesystem;
namespace {

Error invalid_backup(const std::string& detail) {
  return make_error(ErrorKind::invalid, "invalid-backup", detail);
}

// 2027-06-01T03:00:00.123Z -> 20270601T030000123Z
Result<BackupManifest> read_manifest(const fs::path& backup) {
  std::ifstream in(backup / kBackupManifest, std::ios::binary);
  if (!in)
    return invalid_backup("no " + std::string(kBackupManifest) + " in " + backup.string() +
                          ": not a Registre backup directory");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_manifest(text.str());
}

// Step 1: every file as the manifest describes it, and a database this Registre can open.
Status check_backup(const fs::path& backup, const BackupManifest& m) {
  std::error_code ec;
  for (const auto& f : m.files) {
    const fs::path path = backup / f.path;
    if (!fs::is_regular_file(path, ec)) return invalid_backup("the backup lacks " + f.path);
    auto digest = crypto::blake2b_256_file_hex(path.string());
    if (!digest) return std::move(digest).error();
    if (fs::file_size(path, ec) != f.bytes || digest.value() != f.blake2b256)
      return invalid_backup(f.path +
                            " does not match its checksum in the manifest: the backup "
                            "is damaged or was altered; nothing was changed");
  }
  const std::string db = (backup / kBackupDatabase).string();
  auto check = store::integrity_check(db);
  if (!check) return std::move(check).error();
  if (check.value() != "ok")
    return invalid_backup("the backup's database is damaged: " + check.value());
  auto version = store::schema_version_of(db);
  if (!version) return std::move(version).error();
  const int known = store::embedded_migrations().back().version;
  if (version.value() != m.schema_version)
    return invalid_backup("the backup's database does not have the manifest's schema version");
  if (version.value() > known)
    return invalid_backup("the backup was made by a newer Registre (schema " +
                          std::to_string(version.value()) + ", this one knows up to " +
                          std::to_string(known) + "); install that version to restore it");
  return ok_status();
}

// Step 4: the backup's files in `staging`, migrated, with the journal re-applied.
Status prepare(const fs::path& backup, const BackupManifest& m, const fs::path& staging,
               const store::JournalContents& journal, const Clock& clock, RestoreReport& report) {
  if (auto s = store::create_private_directory((staging / "keys").string()); !s) return s;
  for (const auto& f : m.files) {
    if (auto s = store::copy_file_durably((backup / f.path).string(), (staging / f.path).string());
        !s)
      return s;
  }
  store::DatabaseOptions options;
  options.path = (staging / kBackupDatabase).string();
  options.max_connections = 2;
  auto db = store::Database::open(options, store::embedded_migrations());
  if (!db) return std::move(db).error();
  report.schema_version = db.value()->schema_version();
  crypto::MemberKeyStore keys(staging.string());
  auto replay = reapply_erasures(*db.value(), keys, journal, m.erasure_journal_position, clock);
  if (!replay) return std::move(replay).error();
  report.replay = std::move(replay).value();
  return ok_status();  // the database and the key store close here, their logs checkpointed
}

// The files of a SQLite database that travel together.
const char* const kSqliteSuffixes[] = {"", "-wal", "-shm", "-journal"};

// Whether a restore named `suffix` left anything: its staging directory or a file set aside.
bool taken(const fs::path& storage, const std::string& suffix) {
  std::error_code ec;
  if (fs::exists(storage / (".restore-" + suffix), ec)) return true;
  for (const char* name : {kBackupDatabase, kBackupMemberKeys, kBackupKeyStore})
    for (const char* s : kSqliteSuffixes)
      if (fs::exists(storage / (std::string(name) + ".before-restore-" + suffix + s), ec))
        return true;
  return false;
}

}  // namespace

Result<RestoreReport> restore_backup(const std::string& storage_dir, const std::string& backup_dir,
                                     const Clock& clock) {
  const fs::path storage(storage_dir);
  const fs::path backup(backup_dir);
  RestoreReport report;
  auto manifest = read_manifest(backup);
  if (!manifest) return std::move(manifest).error();
  report.manifest = manifest.value();
  if (auto s = check_backup(backup, report.manifest); !s) return std::move(s).error();

  store::ErasureJournal journal_file(storage_dir);
  auto journal = journal_file.read();
  if (!journal) return std::move(journal).error();
  report.journal_position = journal->last_seq;

  const std::string live_db = (storage / kBackupDatabase).string();
  const std::string live_keys = (storage / kBackupMemberKeys).string();
  if (auto s = store::check_not_in_use(live_db); !s) return std::move(s).error();
  if (auto s = store::check_not_in_use(live_keys); !s) return std::move(s).error();

  if (auto s = store::create_private_directory(storage_dir); !s) return std::move(s).error();
  // A name no earlier restore used: files set aside are never overwritten.
  std::error_code ec;
  const std::string now = compact_time(format_utc(clock.now()));
  std::string suffix = now;
  for (int n = 2; taken(storage, suffix); ++n)
    suffix = now + "-" + std::to_string(n);
  const fs::path staging = storage / (".restore-" + suffix);
  auto prepared = prepare(backup, report.manifest, staging, journal.value(), clock, report);
  if (!prepared) {
    fs::remove_all(staging, ec);  // our own copy; the storage directory is untouched
    return std::move(prepared).error();
  }
  // The service may have started while the copy was prepared.
  for (const auto& live : {live_db, live_keys}) {
    if (auto s = store::check_not_in_use(live); !s) {
      fs::remove_all(staging, ec);
      return std::move(s).error();
    }
  }

  // Step 5. What the prepared copy holds replaces what is there; the rest stays.
  std::vector<std::string> names = {kBackupDatabase, kBackupMemberKeys};
  if (fs::exists(staging / kBackupKeyStore, ec)) names.push_back(kBackupKeyStore);
  if (auto s = store::create_private_directory((storage / "keys").string()); !s) {
    fs::remove_all(staging, ec);
    return std::move(s).error();
  }
  const std::string aside = ".before-restore-" + suffix;
  auto fail = [&](const std::string& what) {
    std::string done;
    for (const auto& p : report.set_aside)
      done += " " + p;
    return make_error(ErrorKind::unavailable, "restore-incomplete",
                      what + "; files already set aside:" + (done.empty() ? " none" : done) +
                          "; the prepared copy is in " + staging.string());
  };
  for (const auto& name : names) {
    for (const char* s : kSqliteSuffixes) {
      const fs::path from = storage / (name + s);
      if (!fs::exists(from, ec)) continue;
      const fs::path to = storage / (name + aside + s);
      fs::rename(from, to, ec);
      if (ec) return fail("cannot set " + from.string() + " aside: " + ec.message());
      report.set_aside.push_back(to.string());
    }
  }
  for (const auto& name : names) {
    for (const char* s : kSqliteSuffixes) {
      const fs::path from = staging / (name + s);
      if (!fs::exists(from, ec)) continue;
      fs::rename(from, storage / (name + s), ec);
      if (ec) return fail("cannot put " + name + s + " in place: " + ec.message());
    }
    report.restored.push_back(name);
  }
  // The renames are done; a failing fsync is reported but changes nothing more.
  if (auto s = store::sync_path((storage / "keys").string()); !s) return fail(s.error().detail);
  if (auto s = store::sync_path(storage_dir); !s) return fail(s.error().detail);
  fs::remove_all(staging, ec);  // empty now, but for the keys/ directory
  return report;
}

}  // namespace registre::services
