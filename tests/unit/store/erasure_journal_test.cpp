// The erasure journal: numbered lines, fsync'ed appends, cancellations of rolled-back erasures,
// a torn last line, a damaged one.
#include "store/erasure_journal.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "test_support/temp_dir.hpp"

using namespace registre;

namespace {

store::JournalEntry erasure(std::int64_t member, const std::string& pseudonym) {
  store::JournalEntry e;
  e.at = "2027-06-01T10:00:00.000Z";
  e.action = "erased";
  e.organization_id = 1;
  e.member_id = member;
  e.member_number = member + 100;
  e.pseudonym = pseudonym;
  return e;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("the erasure journal numbers its lines and keeps them across reopenings") {
  test_support::TempDir dir;
  {
    store::ErasureJournal journal(dir.path());
    CHECK(journal.read()->last_seq == 0);  // no file yet
    std::vector<store::JournalEntry> entries = {erasure(7, "p7"), erasure(8, "p8")};
    REQUIRE(journal.append(entries).ok());
    CHECK(entries[0].seq == 1);
    CHECK(entries[1].seq == 2);
  }
  struct stat st {};
  REQUIRE(::stat((dir.path() + "/erasure-journal").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(read_bytes(dir.path() + "/erasure-journal") ==
        "registre-erasure-journal-v1\n"
        "1 2027-06-01T10:00:00.000Z erased 1 7 107 p7\n"
        "2 2027-06-01T10:00:00.000Z erased 1 8 108 p8\n");
  store::ErasureJournal reopened(dir.path());
  std::vector<store::JournalEntry> more = {erasure(9, "p9")};
  more[0].action = "anonymised";
  REQUIRE(reopened.append(more).ok());
  CHECK(more[0].seq == 3);
  auto contents = reopened.read();
  REQUIRE(contents.ok());
  CHECK(contents->last_seq == 3);
  REQUIRE(contents->erasures.size() == 3);
  CHECK(contents->erasures[2].action == "anonymised");
  CHECK(contents->erasures[2].member_number == 109);

  // Nothing that could break a line is written.
  std::vector<store::JournalEntry> bad = {erasure(10, "two words")};
  CHECK_FALSE(reopened.append(bad).ok());
  CHECK(reopened.read()->last_seq == 3);
}

TEST_CASE("an erasure batch that is written but never committed is cancelled") {
  store::ErasureJournal journal(":memory:");
  {
    store::ErasureBatch batch(journal);
    batch.add(erasure(1, "a"));
    batch.add(erasure(2, "b"));
    REQUIRE(batch.write().ok());
  }  // the transaction rolled back
  {
    store::ErasureBatch batch(journal);
    batch.add(erasure(3, "c"));
    REQUIRE(batch.write().ok());
    batch.committed();
  }
  {
    store::ErasureBatch batch(journal);
    batch.add(erasure(4, "d"));  // never written: the body failed before
  }
  auto contents = journal.read();
  REQUIRE(contents.ok());
  CHECK(contents->cancelled == 2);
  REQUIRE(contents->erasures.size() == 1);
  CHECK(contents->erasures[0].member_id == 3);
  CHECK(contents->last_seq == 5);  // 1, 2, 3 and the two cancellations
}

TEST_CASE("a torn last line is ignored and cut off by the next append; a damaged one stops") {
  test_support::TempDir dir;
  const std::string path = dir.path() + "/erasure-journal";
  std::ofstream(path) << "registre-erasure-journal-v1\n"
                         "1 2027-06-01T10:00:00.000Z erased 1 7 107 p7\n"
                         "2 2027-06-01T10:00:00.000Z erased 1 8";
  store::ErasureJournal journal(dir.path());
  auto contents = journal.read();
  REQUIRE(contents.ok());
  CHECK(contents->erasures.size() == 1);
  CHECK(contents->last_seq == 1);
  std::vector<store::JournalEntry> next = {erasure(9, "p9")};
  REQUIRE(journal.append(next).ok());
  CHECK(next[0].seq == 2);
  contents = journal.read();
  REQUIRE(contents.ok());
  REQUIRE(contents->erasures.size() == 2);  // the torn line was cut off
  CHECK(contents->erasures[1].member_id == 9);
  CHECK(read_bytes(path).find("erased 1 8\n") == std::string::npos);

  std::ofstream(path, std::ios::app) << "garbage line\n";
  auto damaged = store::ErasureJournal(dir.path()).read();
  REQUIRE_FALSE(damaged.ok());
  CHECK(damaged.error().detail.find("line 4") != std::string::npos);

  std::ofstream(path, std::ios::trunc) << "something else\n";
  CHECK_FALSE(store::ErasureJournal(dir.path()).read().ok());
}
