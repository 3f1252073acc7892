#pragma once
// Timed requests over one keep-alive client (httplib), as a browser tab would send them, and the
// walk down a sorted member list to a deep keyset cursor.

#include <string>
#include <vector>

#include "core/result.hpp"

namespace registre::bench {

struct LatencyReport {
  double p50_ms = 0, p99_ms = 0;
  std::size_t requests = 0;
  std::size_t empty_results = 0;  // searches that found nobody (a sign the prefixes do not fit)
};

// GET /api/v1/organizations/1/members?q=<prefix>&limit=50 `count` times, cycling through
// `prefixes`. Any answer but 200 is an error.
Result<LatencyReport> search_latencies(int port, const std::vector<std::string>& prefixes,
                                       std::size_t count);

struct DeepCursor {
  std::string cursor;       // the `next` token of the page reached
  std::int64_t total = 0;   // members in the list
  std::int64_t walked = 0;  // rows before the cursor
};

// Walks the name-sorted list 200 rows at a time until `fraction` of it is behind, and returns
// the `next` cursor there.
Result<DeepCursor> walk_to(int port, double fraction);

struct FirstAnswer {
  double seconds = 0;             // until the first 200
  std::size_t errors_before = 0;  // 5xx answers (or none) before it
  std::string last_error;         // the last of them
};

// Retries `path` every 50 ms while it answers 5xx or nothing (a start-up job may hold the write
// lock longer than the busy timeout) until it answers 200; an error after `timeout_seconds` or on
// a 4xx.
Result<FirstAnswer> first_answer(int port, const std::string& path, int timeout_seconds);

// One GET; an error unless the answer is 200.
Result<std::string> get_ok(int port, const std::string& path);

}  // namespace registre::bench
