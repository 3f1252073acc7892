#pragma once
// What tests/load/mixed.lua recorded during a run: every answer (kind, status, latency) and every
// write, acknowledged or of unknown outcome. The line formats are documented once, at the top of
// mixed.lua, which writes them.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace registre::load {

struct CreatedMember {  // a create answered 201
  std::int64_t id = 0, version = 0;
  std::string last_name, first_name, email, city, notes;
};

struct MemberUpdate {  // an update answered 200 (version: the ETag it answered)
  std::int64_t member = 0, version = 0;
  std::string city, notes;
};

struct RecordedConsent {  // a consent event answered 201
  std::int64_t member = 0, event = 0, purpose = 0;
  std::string decision, evidence;
};

// Requests sent that got no answer (their connection failed, or the time was up): each may or
// may not have been applied.
struct UnansweredCreate {
  std::string last_name, first_name, email, city, notes;
};
struct UnansweredUpdate {
  std::int64_t member = 0, if_match = 0;
  std::string city, notes;
};

struct KindFigures {
  std::map<int, long> statuses;  // HTTP status -> answers
  std::vector<double> latencies_ms;
  long unanswered = 0;
};

struct WrkTotals {
  double seconds = 0;
  long requests = 0;
  long connect_errors = 0, read_errors = 0, write_errors = 0, status_errors = 0, timeouts = 0;
};

struct LoadLog {
  WrkTotals wrk;
  std::map<std::string, KindFigures> kinds;  // list, page, search, read, create, update, consent
  std::vector<CreatedMember> creates;
  std::vector<MemberUpdate> updates;
  std::vector<RecordedConsent> consents;
  std::vector<UnansweredCreate> unanswered_creates;
  std::vector<UnansweredUpdate> unanswered_updates;
  long unanswered_consents = 0;
};

// Reads `<prefix>` (written by done()) and the thread files `<prefix>.t<N>` it names. Fails when
// a file is missing, a line is malformed, or a thread file holds fewer answers than its thread
// counted (a file cut short would hide acknowledged writes).
Result<LoadLog> read_load_log(const std::string& prefix);

}  // namespace registre::load
