#pragma once
// Runs Debian's wrk against a loopback URL and reads its summary.

#include <string>

#include "core/result.hpp"

namespace registre::bench {

struct WrkOptions {
  int threads = 2;
  int connections = 8;
  int seconds = 10;
};

struct WrkResult {
  double requests_per_second = 0;
  long requests = 0;
  long non_2xx = 0;        // "Non-2xx or 3xx responses" (none of our routes answers 3xx)
  long socket_errors = 0;  // connect + read + write + timeout
  std::string socket_error_line;
  std::string latency_p50, latency_p99;  // as wrk prints them ("1.23ms")
};

// REQUIRES: `url` starts with http://127.0.0.1: (wrk is only ever pointed at this machine).
Result<WrkResult> run_wrk(const std::string& url, const WrkOptions& options);

// Parses wrk's text summary (the part tests can check without running wrk).
Result<WrkResult> parse_wrk_output(const std::string& output);

}  // namespace registre::bench
