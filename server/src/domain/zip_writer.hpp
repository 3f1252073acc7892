#pragma once
// A ZIP archive writer, store-only (no compression): enough to hand a member their access package
// as one download, without a compression library.
//
// Format written (PKWARE APPNOTE.TXT 6.3, the subset every unzip reads):
// - per entry, a local file header (signature 0x04034b50, version needed 1.0, flag bit 11 set:
//   names are UTF-8, method 0 = stored, DOS time and date, CRC-32, sizes, name), then the bytes;
// - then the central directory: one header per entry (signature 0x02014b50, same fields, plus
//   the offset of its local header);
// - then the end of central directory record (signature 0x06054b50: counts, size and offset of
//   the central directory, no comment).
// All integers little-endian. No ZIP64: at most 65 535 entries, and the archive below 4 GiB.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace registre::domain {

// CRC-32 as ZIP, gzip and PNG use it (reflected polynomial 0xEDB88320, initial and final
// complement): crc32("123456789") == 0xCBF43926.
std::uint32_t crc32(std::string_view bytes);

struct ZipEntry {
  std::string name;     // a relative path with '/' separators, UTF-8
  std::string content;  // the bytes, stored as they are
};

// The modification time written for every entry (local time as ZIP has no time zone; DOS
// times count from 1980 in steps of two seconds).
struct ZipTime {
  int year = 1980, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};

// The whole archive. invalid when there are too many entries, a name is empty or longer than
// 65 535 bytes, or the archive would need ZIP64.
Result<std::string> zip_archive(const std::vector<ZipEntry>& entries, const ZipTime& modified);

}  // namespace registre::domain
