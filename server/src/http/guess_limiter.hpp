#pragma once
// Slows down the guessing of public link tokens: counts the tokens that opened nothing, per
// client address and in total, over a fixed window, and refuses further public requests (429
// with Retry-After) once either count is reached. In memory only: a restart forgets the counts,
// which costs a guesser nothing worth having against 256-bit tokens; the limit is there to keep
// the database quiet and the logs readable. Behind Nextcloud every request comes from Nextcloud's
// own address, so the routes count per the browser's address that AppAPI's proxy forwards
// (x-origin-ip, http/public_link_routes.cpp); Nextcloud's brute-force protection on the public
// route (info.xml: 404s count) also throttles each real client address before it reaches us.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.hpp"

namespace registre::http {

class GuessLimiter {
 public:
  struct Options {
    std::int64_t per_client = 20;  // failed tokens per address per window
    std::int64_t in_total = 1000;  // failed tokens from all addresses per window
    std::chrono::seconds window = std::chrono::minutes(15);
    std::size_t max_clients = 10000;  // addresses remembered; beyond, the oldest windows go
  };
  GuessLimiter(const Clock& clock, Options options) : clock_(clock), options_(options) {}
  explicit GuessLimiter(const Clock& clock) : GuessLimiter(clock, Options{}) {}

  // Seconds to wait before `client` may try again, or nullopt when it may try now.
  std::optional<std::chrono::seconds> blocked(const std::string& client);
  // Counts one token from `client` that opened nothing.
  void failed(const std::string& client);

 private:
  struct Window {
    TimePoint start;
    std::int64_t count = 0;
  };
  // REQUIRES: mutex_ held. The window, restarted when it is over.
  Window& current(Window& w, TimePoint now);
  std::chrono::seconds remaining(const Window& w, TimePoint now) const;
  void forget_old_clients(TimePoint now);

  const Clock& clock_;
  Options options_;
  std::mutex mutex_;
  Window total_;
  std::unordered_map<std::string, Window> clients_;
};

}  // namespace registre::http
