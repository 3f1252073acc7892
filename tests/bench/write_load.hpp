#pragma once
// Writes under load through the running server: N connections, each a thread with its own
// keep-alive client sending its next request as soon as the previous one answered (a closed loop,
// as wrk runs), for a fixed time. wrk cannot carry a member's ETag from one answer to the next
// If-Match, so the bench sends these requests itself.

#include <cstdint>
#include <string>

#include "core/result.hpp"

namespace registre::bench {

struct WriteLoadOptions {
  int connections = 8;
  int seconds = 10;
  int members_per_connection = 50;  // each connection writes to its own members, in turn
};

struct WriteLoadReport {
  double requests_per_second = 0;
  double p50_ms = 0, p99_ms = 0;
  std::size_t requests = 0;
};

// The id and first text of the consent-based purpose the load records decisions on: the
// organisation's "newsletter", adopted from the presets through the API if it has none yet.
Result<std::int64_t> newsletter_purpose(int port);

// POST /api/v1/organizations/1/members/{id}/consents {"purposeId", "decision", "channel": "web"},
// each member's decision alternating between given and withdrawn. Any answer but 201 is an error.
Result<WriteLoadReport> consent_load(int port, std::int64_t purpose_id,
                                     const WriteLoadOptions& options);

// PUT /api/v1/organizations/1/members/{id} {"city": ...} with If-Match: the ETag of the previous
// answer (each member's is read once before the clock starts), the city alternating so that every
// update changes the record. Any answer but 200 is an error.
Result<WriteLoadReport> member_update_load(int port, const WriteLoadOptions& options);

}  // namespace registre::bench
