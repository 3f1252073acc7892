// The store-only ZIP writer: CRC-32 against published check values, the archive parsed back
// field by field (test_support/zip_reader.hpp), and (when python3 is installed) opened by
// Python's zipfile, which checks every CRC as `unzip -t` does.
#include "domain/zip_writer.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include "test_support/temp_dir.hpp"
#include "test_support/zip_reader.hpp"

using namespace registre;

using test_support::read_zip;

TEST_CASE("CRC-32 gives the published check values") {
  CHECK(domain::crc32("") == 0u);
  CHECK(domain::crc32("123456789") == 0xCBF43926u);  // the standard check value
  CHECK(domain::crc32("The quick brown fox jumps over the lazy dog") == 0x414FA339u);
  CHECK(domain::crc32("a") == 0xE8B7BE43u);
  CHECK(domain::crc32(std::string("\0\0\0\0", 4)) == 0x2144DF1Cu);
}

TEST_CASE("an archive reads back: names, bytes, CRCs, stored, UTF-8 names, DOS time") {
  const std::vector<domain::ZipEntry> files = {
      {"package.json", R"({"a":1})"},
      {"member.csv", "\xEF\xBB\xBFNuméro;Nom\r\n7;Dupré\r\n"},
      {"vide.csv", ""},
      {"dossier/élan.txt", std::string(70000, 'x')},
  };
  auto zip = domain::zip_archive(files, {2026, 3, 14, 15, 9, 27});
  REQUIRE(zip.ok());
  const auto entries = read_zip(zip.value());
  REQUIRE(entries.size() == files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    CHECK(entries[i].name == files[i].name);
    CHECK(entries[i].content == files[i].content);
    CHECK(entries[i].crc == domain::crc32(files[i].content));
    CHECK(entries[i].method == 0u);             // stored
    CHECK((entries[i].flags & 0x0800u) != 0u);  // UTF-8 names
    CHECK(entries[i].date == ((2026u - 1980u) << 9 | 3u << 5 | 14u));
    CHECK(entries[i].time == (15u << 11 | 9u << 5 | 27u / 2));
  }
  // An empty archive is only the end record.
  auto empty = domain::zip_archive({}, {});
  REQUIRE(empty.ok());
  CHECK(empty->size() == 22u);
  CHECK(read_zip(empty.value()).empty());
}

TEST_CASE("an archive without a name for a file is refused") {
  auto refused = domain::zip_archive({{"", "x"}}, {});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == ErrorKind::invalid);
}

TEST_CASE("Python's zipfile opens the archive and finds every CRC right (when python3 is here)") {
  if (std::system("python3 -c 'import zipfile' >/dev/null 2>&1") != 0) {
    MESSAGE("python3 is not installed: the archive was only parsed back above");
    return;
  }
  test_support::TempDir dir;
  auto zip = domain::zip_archive(
      {{"package.json", R"({"b":[1,2]})"}, {"consents.csv", "\xEF\xBB\xBFQuand;Décision\r\n"}},
      {2026, 11, 29, 7, 0, 0});
  REQUIRE(zip.ok());
  {
    std::ofstream out(dir.file("package.zip"), std::ios::binary);
    out << zip.value();
  }
  // testzip() reads every member and checks its CRC; it returns the first bad name, or None.
  const std::string script =
      "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
      "assert z.testzip() is None; "
      "assert z.namelist() == ['package.json', 'consents.csv'], z.namelist(); "
      "assert z.read('package.json') == b'{\"b\":[1,2]}'; "
      "assert z.getinfo('consents.csv').date_time == (2026, 11, 29, 7, 0, 0)";
  const std::string command = "python3 -c \"" +
                              [&] {
                                std::string escaped;
                                for (char c : script) {
                                  if (c == '"' || c == '\\' || c == '$' || c == '`')
                                    escaped.push_back('\\');
                                  escaped.push_back(c);
                                }
                                return escaped;
                              }() +
                              "\" '" + dir.file("package.zip") + "'";
  CHECK(std::system(command.c_str()) == 0);
}
