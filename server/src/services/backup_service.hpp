#pragma once
// `registre-server backup`: a consistent copy of a storage directory taken while the service
// runs. The register's database and the member key store are copied with SQLite's online backup
// API (one snapshot each, writers never blocked), checked with integrity_check, and put with the
// ledger's key store and a manifest (services/backup_manifest.hpp) in a new directory
// `<target>/registre-backup-<UTC time>`. The directory is written under a temporary name,
// every file and directory fsync'ed, then renamed: a crash leaves a whole backup or none.
// Directories are 0700, files 0600 (the backup holds the keys).
//
// The erasure journal is not copied: it stays in the storage directory, and a restore re-applies
// it (docs/backup.md).

#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "services/backup_manifest.hpp"

namespace registre::services {

struct BackupReport {
  std::string directory;  // the backup's directory
  BackupManifest manifest;
  int pages_copied = 0;  // of the register's database
  int steps = 0;
};

// not_found when `storage_dir` holds no register; unavailable when a copy, a check or a write
// fails (the partial directory is then removed and nothing else is left behind).
Result<BackupReport> create_backup(const std::string& storage_dir, const std::string& target_dir,
                                   const Clock& clock, int pages_per_step = 256);

}  // namespace registre::services
