#pragma once
// Files that must survive a crash once written: fsync of a file and of the directory that names
// it, a copy made durable, and directories created private (0700). For the backup and restore
// commands, which move whole files around the storage directory.

#include <cstdint>
#include <string>

#include "core/result.hpp"

namespace registre::store {

// fsync of a file, or of a directory (so that names created, renamed or removed in it last).
Status sync_path(const std::string& path);

// Copies `from` to `to` (which must not exist) with mode 0600, and fsyncs it.
Status copy_file_durably(const std::string& from, const std::string& to);

// Writes `content` to `path` (which must not exist) with mode 0600, and fsyncs it.
Status write_file_durably(const std::string& path, const std::string& content);

// Creates the directory (and its parents) if needed; a directory it creates is 0700.
Status create_private_directory(const std::string& path);

}  // namespace registre::store
