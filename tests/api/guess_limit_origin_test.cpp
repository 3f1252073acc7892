// Token guesses through Nextcloud's proxy count against the browser's address (x-origin-ip), not
// against Nextcloud's own: one guesser must not close the public consent page to every member.
#include <doctest/doctest.h>

#include "fakes/fake_nextcloud.hpp"
#include "fakes/fixtures.hpp"
#include "running_app.hpp"

using namespace registre;
using namespace registre::fakes;

namespace {

// An anonymous GET on the public route as Nextcloud forwards it (proxy.jsonl seq 18), from the
// browser at `origin`.
FakeNextcloud::AppAnswer guess(FakeNextcloud& nextcloud, const std::string& origin) {
  auto headers = FakeNextcloud::captured_headers(find_exchange("proxy.jsonl", 18));
  headers.erase("x-origin-ip");  // header names compare without case
  headers.emplace("x-origin-ip", origin);
  return nextcloud.raw("GET", "/public/v1/consents/" + std::string(64, 'f'), headers);
}

}  // namespace

TEST_CASE("a guesser behind Nextcloud's proxy is stopped without locking out other visitors") {
  FakeNextcloud nextcloud;
  test_support::RunningApp app(test_support::nextcloud_config(nextcloud.url()));
  nextcloud.set_app("127.0.0.1", app.port());

  int tries = 0;
  int status = 404;
  while (status == 404 && tries < 100) {
    status = guess(nextcloud, "203.0.113.7").status;
    ++tries;
  }
  CHECK(status == 429);
  CHECK(tries == 21);  // 20 failures per address per 15 minutes
  // Another visitor, through the same Nextcloud, still reaches the page (404: no such link).
  CHECK(guess(nextcloud, "198.51.100.9").status == 404);
  CHECK(guess(nextcloud, "203.0.113.7").status == 429);
}
