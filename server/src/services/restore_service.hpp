#pragma once
// `registre-server restore`: puts a backup (services/backup_service.hpp) back in a storage
// directory while the service is stopped, then re-applies the erasure journal so that no member
// erased since the backup comes back (services/erasure_replay.hpp).
//
// Order, so that a failure at any step before the swap changes nothing:
//  1. the manifest is read and every file checked against its size and BLAKE2b-256, the
//     database against integrity_check and the schema versions this Registre knows;
//  2. the erasure journal is read (a damaged journal stops the restore);
//  3. the database and the member key store must not be open (the service stopped);
//  4. the backup's files are copied into `<storage>/.restore-<time>/`, migrated, and the journal
//     re-applied there;
//  5. only then are the current files renamed aside (`<name>.before-restore-<time>`, with their
//     -wal/-shm), never deleted, and the prepared ones renamed into place.
// A file the backup does not hold (the ledger's key store, before the first checkpoint) is left
// as it is.

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "services/backup_manifest.hpp"
#include "services/erasure_replay.hpp"

namespace registre::services {

struct RestoreReport {
  BackupManifest manifest;
  std::int64_t journal_position = 0;   // of the storage directory's journal, now
  std::vector<std::string> set_aside;  // current files renamed aside (paths)
  std::vector<std::string> restored;   // files put in place (relative paths)
  int schema_version = 0;              // after the migrations
  ReplayReport replay;
};

// invalid ("invalid-backup") for a missing, damaged or altered backup; conflict
// ("database-in-use") while the service runs; unavailable for a damaged journal or a failed
// write. In all of these, the storage directory is as it was (the prepared copy is removed).
// A failure while renaming (step 5) is unavailable with the title "restore-incomplete", and its
// message lists what was set aside.
Result<RestoreReport> restore_backup(const std::string& storage_dir, const std::string& backup_dir,
                                     const Clock& clock);

}  // namespace registre::services
