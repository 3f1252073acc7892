#pragma once
// Reads back a ZIP archive written by domain/zip_writer (stored entries only), through its central
// directory as unzip does, checking that each local header agrees with its central one. Throws
// std::runtime_error on anything else. Header-only, for the unit and the API tests.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace registre::test_support {

struct ZipMember {
  std::string name, content;
  std::uint32_t crc = 0;
  std::uint32_t flags = 0, method = 0, time = 0, date = 0;
};

inline std::uint32_t zip_read16(const std::string& s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s.at(at))) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s.at(at + 1))) << 8;
}

inline std::uint32_t zip_read32(const std::string& s, std::size_t at) {
  return zip_read16(s, at) | zip_read16(s, at + 2) << 16;
}

inline std::vector<ZipMember> read_zip(const std::string& zip) {
  auto expect = [](bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("not a valid archive: ") + what);
  };
  expect(zip.size() >= 22, "too short");
  const std::size_t end = zip.size() - 22;
  expect(zip_read32(zip, end) == 0x06054b50, "no end record (or a comment)");
  const std::uint32_t count = zip_read16(zip, end + 10);
  expect(zip_read16(zip, end + 8) == count, "entry counts differ");
  const std::uint32_t central_size = zip_read32(zip, end + 12);
  std::size_t at = zip_read32(zip, end + 16);
  expect(at + central_size == end, "central directory size");
  std::vector<ZipMember> out;
  for (std::uint32_t i = 0; i < count; ++i) {
    expect(zip_read32(zip, at) == 0x02014b50, "central header signature");
    ZipMember e;
    e.flags = zip_read16(zip, at + 8);
    e.method = zip_read16(zip, at + 10);
    e.time = zip_read16(zip, at + 12);
    e.date = zip_read16(zip, at + 14);
    e.crc = zip_read32(zip, at + 16);
    const std::uint32_t size = zip_read32(zip, at + 20);
    expect(zip_read32(zip, at + 24) == size, "stored entries have equal sizes");
    const std::uint32_t name_length = zip_read16(zip, at + 28);
    const std::uint32_t extra = zip_read16(zip, at + 30);
    const std::uint32_t comment = zip_read16(zip, at + 32);
    const std::uint32_t local = zip_read32(zip, at + 42);
    e.name = zip.substr(at + 46, name_length);
    expect(zip_read32(zip, local) == 0x04034b50, "local header signature");
    expect(zip_read32(zip, local + 14) == e.crc, "local CRC");
    expect(zip_read32(zip, local + 18) == size, "local size");
    const std::uint32_t local_name = zip_read16(zip, local + 26);
    expect(zip.substr(local + 30, local_name) == e.name, "local name");
    const std::size_t data = local + 30 + local_name + zip_read16(zip, local + 28);
    e.content = zip.substr(data, size);
    out.push_back(std::move(e));
    at += 46 + name_length + extra + comment;
  }
  return out;
}

}  // namespace registre::test_support
