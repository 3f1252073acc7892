#include "http/guess_limiter.hpp"

#include <doctest/doctest.h>

using namespace registre;
using namespace std::chrono;

namespace {
TimePoint start() {
  return time_point_cast<milliseconds>(sys_days{year{2026} / 3 / 1});
}
}  // namespace

TEST_CASE("an address that guessed too much waits until its window is over") {
  FixedClock clock(start());
  http::GuessLimiter limiter(clock, {3, 100, minutes(15), 100});
  for (int i = 0; i < 3; ++i) {
    CHECK_FALSE(limiter.blocked("10.0.0.1"));
    limiter.failed("10.0.0.1");
  }
  auto wait = limiter.blocked("10.0.0.1");
  REQUIRE(wait);
  CHECK(*wait == minutes(15));
  CHECK_FALSE(limiter.blocked("10.0.0.2"));  // another address is not held back
  clock.advance(minutes(10));
  CHECK(*limiter.blocked("10.0.0.1") == minutes(5));
  clock.advance(minutes(5));
  CHECK_FALSE(limiter.blocked("10.0.0.1"));  // a new window
}

TEST_CASE("guesses from many addresses add up to the total limit") {
  FixedClock clock(start());
  http::GuessLimiter limiter(clock, {100, 5, minutes(15), 100});
  for (int i = 0; i < 5; ++i)
    limiter.failed("10.0.0." + std::to_string(i));
  auto wait = limiter.blocked("192.168.1.1");  // even a newcomer waits
  REQUIRE(wait);
  CHECK(*wait == minutes(15));
  clock.advance(minutes(15));
  CHECK_FALSE(limiter.blocked("192.168.1.1"));
}

TEST_CASE("the remembered addresses stay bounded") {
  FixedClock clock(start());
  http::GuessLimiter limiter(clock, {2, 1000000, minutes(15), 10});
  for (int i = 0; i < 100; ++i)
    limiter.failed("10.0.1." + std::to_string(i));
  limiter.failed("10.0.9.9");
  limiter.failed("10.0.9.9");
  CHECK(limiter.blocked("10.0.9.9"));  // the latest still counts
}

TEST_CASE("Retry-After is at least one second") {
  FixedClock clock(start());
  http::GuessLimiter limiter(clock, {1, 100, seconds(10), 100});
  limiter.failed("a");
  clock.advance(milliseconds(9999));
  CHECK(*limiter.blocked("a") == seconds(1));
}
