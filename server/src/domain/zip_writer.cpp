#include "domain/zip_writer.hpp"

#include <array>
#include <limits>

namespace registre::domain {
namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEndOfCentralDirectory = 0x06054b50;
constexpr std::uint16_t kVersionNeeded = 10;             // 1.0: stored entries
constexpr std::uint16_t kVersionMadeBy = (3 << 8) | 20;  // Unix, 2.0: unzip reads the mode below
constexpr std::uint16_t kUtf8Names = 1 << 11;
constexpr std::uint16_t kStored = 0;
constexpr std::uint32_t kRegularFileMode = 0100644u << 16;  // -rw-r--r-- in the high half

const std::array<std::uint32_t, 256>& crc_table() {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k)
        c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  return table;
}

void put16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, v & 0xFFFF);
  put16(out, v >> 16);
}

std::uint16_t dos_time(const ZipTime& t) {
  return static_cast<std::uint16_t>((t.hour << 11) | (t.minute << 5) | (t.second / 2));
}

std::uint16_t dos_date(const ZipTime& t) {
  const int year = t.year < 1980 ? 0 : t.year - 1980;  // DOS dates start in 1980
  return static_cast<std::uint16_t>((year << 9) | (t.month << 5) | t.day);
}

// The fields local and central headers share, from "version needed" to "extra field length".
void put_common(std::string& out, const ZipEntry& e, std::uint32_t crc, const ZipTime& t) {
  put16(out, kVersionNeeded);
  put16(out, kUtf8Names);
  put16(out, kStored);
  put16(out, dos_time(t));
  put16(out, dos_date(t));
  put32(out, crc);
  put32(out, static_cast<std::uint32_t>(e.content.size()));  // compressed size
  put32(out, static_cast<std::uint32_t>(e.content.size()));  // uncompressed size
  put16(out, static_cast<std::uint32_t>(e.name.size()));
  put16(out, 0);  // no extra field
}

Error too_large(const std::string& why) {
  return make_error(ErrorKind::invalid, "invalid", "cannot write the ZIP archive: " + why);
}

}  // namespace

std::uint32_t crc32(std::string_view bytes) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes)
    c = crc_table()[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

Result<std::string> zip_archive(const std::vector<ZipEntry>& entries, const ZipTime& modified) {
  constexpr std::uint64_t kMax32 = std::numeric_limits<std::uint32_t>::max();
  if (entries.size() >= 0xFFFF) return too_large("too many files");
  std::string out;
  std::string central;
  for (const auto& e : entries) {
    if (e.name.empty() || e.name.size() > 0xFFFF)
      return too_large("a file name is empty or too long");
    if (out.size() + e.content.size() + e.name.size() + 30 >= kMax32)
      return too_large("over 4 GiB");
    const std::uint32_t crc = crc32(e.content);
    const auto offset = static_cast<std::uint32_t>(out.size());
    put32(out, kLocalHeader);
    put_common(out, e, crc, modified);
    out += e.name;
    out += e.content;

    put32(central, kCentralHeader);
    put16(central, kVersionMadeBy);
    put_common(central, e, crc, modified);
    put16(central, 0);  // no comment
    put16(central, 0);  // disk number
    put16(central, 0);  // internal attributes
    put32(central, kRegularFileMode);
    put32(central, offset);
    central += e.name;
  }
  if (out.size() + central.size() + 22 >= kMax32) return too_large("over 4 GiB");
  const auto central_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  put32(out, kEndOfCentralDirectory);
  put16(out, 0);  // this disk
  put16(out, 0);  // disk where the central directory starts
  put16(out, static_cast<std::uint32_t>(entries.size()));
  put16(out, static_cast<std::uint32_t>(entries.size()));
  put32(out, static_cast<std::uint32_t>(central.size()));
  put32(out, central_offset);
  put16(out, 0);  // no comment
  return out;
}

}  // namespace registre::domain
