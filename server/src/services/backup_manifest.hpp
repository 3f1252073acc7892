#pragma once
// The manifest of a backup directory, `manifest.json`: what the backup holds and how to check it.
//   {"format": "registre-backup", "formatVersion": 1, "createdAt": "2027-06-01T03:00:00.000Z",
//    "registreVersion": "0.1.0", "schemaVersion": 14, "erasureJournalPosition": 12,
//    "files": [{"path": "registre.sqlite3", "bytes": 81920, "blake2b256": "<64 hex>"}, ...]}
// `path` is relative to the backup directory and one of kBackupFiles. The checksums find a
// damaged or altered file; they are no signature (whoever can change a file can change the
// manifest too).

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace registre::services {

// The files a backup may hold, relative to the storage directory and to the backup directory.
inline constexpr const char* kBackupDatabase = "registre.sqlite3";
inline constexpr const char* kBackupMemberKeys = "keys/member-keys.db";
inline constexpr const char* kBackupKeyStore = "keys/registre.keys";
inline constexpr const char* kBackupManifest = "manifest.json";

struct BackupFile {
  std::string path;
  std::uintmax_t bytes = 0;
  std::string blake2b256;
};

struct BackupManifest {
  int format_version = 1;
  std::string created_at;
  std::string registre_version;
  int schema_version = 0;
  std::int64_t erasure_journal_position = 0;
  std::vector<BackupFile> files;
};

std::string manifest_json(const BackupManifest& manifest);

// 2027-06-01T03:00:00.123Z -> 20270601T030000123Z: a time for a file name that sorts by time.
std::string compact_time(const std::string& at);

// invalid, with a sentence saying what is wrong, for anything but a manifest this version reads.
Result<BackupManifest> parse_manifest(const std::string& text);

}  // namespace registre::services
