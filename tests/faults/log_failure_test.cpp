// The log is written to stderr (core/log.cpp); when nobody reads it any more (a closed pipe:
// EPIPE, and SIGPIPE, which main.cpp ignores) the server must go on serving and stop cleanly.
// A log file that cannot grow (EFBIG) is covered by the full disk test.
#include <doctest/doctest.h>

#include "crypto/sodium.hpp"
#include "faults/fault_support.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace registre::faults;

TEST_CASE("faults: a log nobody reads (closed pipe) neither stops nor slows the server") {
  REQUIRE(crypto::initialize());
  test_support::TempDir dir;
  ChildOptions options = child_options(dir);
  options.log_path = "";  // a pipe with no reader
  ChildServer server(options);
  auto http = server.client();
  // Each request writes an access-log line; errors write more.
  for (int i = 0; i < 20; ++i) {
    expect(http, "POST", kOrg + "/members", {{"lastName", "Journal" + std::to_string(i)}}, 201);
    CHECK(call(http, "GET", kOrg + "/members/999999").status == 404);
  }
  CHECK(call(http, "GET", kOrg + "/members?limit=5").status == 200);
  CHECK_MESSAGE(server.running(), server.how_it_ended());
  CHECK(server.stop() == 0);
  DatabaseFile db(options.storage_dir);
  CHECK(db.integrity_check() == "ok");
  CHECK(db.count("SELECT count(*) FROM members WHERE last_name LIKE 'Journal%'") == 20);
}
