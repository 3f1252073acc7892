#include "backup_command.hpp"

#include "services/backup_service.hpp"
#include "services/restore_service.hpp"

namespace registre {

int run_backup(const std::string& storage_dir, const std::string& target_dir, const Clock& clock,
               std::ostream& out, std::ostream& err) {
  auto backup = services::create_backup(storage_dir, target_dir, clock);
  if (!backup) {
    err << "backup: failed, nothing was written: " << backup.error().detail << "\n";
    return 1;
  }
  const auto& m = backup->manifest;
  out << "backup written: " << backup->directory << "\n";
  for (const auto& f : m.files)
    out << "  " << f.path << ": " << f.bytes << " bytes, blake2b-256 " << f.blake2b256 << "\n";
  out << "  schema version " << m.schema_version << ", erasure journal position "
      << m.erasure_journal_position << ", integrity check ok, " << backup->pages_copied
      << " pages copied in " << backup->steps << " steps\n";
  return 0;
}

int run_restore(const std::string& storage_dir, const std::string& backup_dir, const Clock& clock,
                std::ostream& out, std::ostream& err) {
  auto restored = services::restore_backup(storage_dir, backup_dir, clock);
  if (!restored) {
    if (restored.error().title != "restore-incomplete") {
      err << "restore: refused, nothing was changed: " << restored.error().detail << "\n";
      return 1;
    }
    err << "restore: FAILED while swapping files: " << restored.error().detail
        << "\nRename the files listed back (drop the .before-restore-... part) to return to the "
           "state before the restore, or run the restore again.\n";
    return 3;
  }
  const auto& r = restored.value();
  out << "backup of " << r.manifest.created_at << " checked: " << r.manifest.files.size()
      << " files match their checksums (schema " << r.manifest.schema_version
      << ", erasure journal position " << r.manifest.erasure_journal_position << ")\n";
  for (const auto& p : r.set_aside)
    out << "set aside: " << p << "\n";
  for (const auto& p : r.restored)
    out << "restored: " << p << "\n";
  out << "schema version after migrations: " << r.schema_version << "\n";
  const auto& replay = r.replay;
  out << "erasure journal: " << replay.journal_erasures << " erasures listed (position "
      << r.journal_position << "), " << replay.after_backup << " recorded after the backup\n";
  out << "  re-applied: " << replay.reapplied.size() << "\n";
  for (const auto& e : replay.reapplied) {
    out << "    organisation " << e.organization_id << ", member id " << e.member_id << " (number "
        << e.member_number << "), journal entry " << e.seq << " of " << e.at << "\n";
  }
  out << "  already erased in the backup: " << replay.already_gone
      << "; id now held by another member (left alone): " << replay.other_member
      << "; member keys destroyed: " << replay.keys_destroyed << "\n";
  out << "restore done: start registre-server again.\n";
  return 0;
}

}  // namespace registre
