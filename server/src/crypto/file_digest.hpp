#pragma once
// The BLAKE2b-256 of a whole file, read in blocks (a register's database may be large): the
// checksums of a backup's manifest. Equal to blake2b_256_hex of the file's bytes.

#include <string>

#include "core/result.hpp"

namespace registre::crypto {

// Lower-case hex; unavailable when the file cannot be read.
Result<std::string> blake2b_256_file_hex(const std::string& path);

}  // namespace registre::crypto
