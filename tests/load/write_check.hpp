#pragma once
// After a mixed load: is every acknowledged write in the register, as it was acknowledged? Asked
// of the server through its API (as a client would see it), usually after a restart.

#include <string>
#include <vector>

#include "core/result.hpp"
#include "load_log.hpp"

namespace registre::load {

struct CheckReport {
  std::vector<std::string> violations;  // empty: nothing lost, nothing wrong
  long members_before = 0, members_after = 0;
  long creates_checked = 0, unanswered_creates_applied = 0;
  long members_updated = 0, updates_acknowledged = 0;
  long consents_checked = 0;
  long audit_entries = 0, ledger_events = 0;
};

// The answers themselves: no 5xx, and no 4xx but the 412 an update may get when another
// connection changed the member first. Appends to `violations`.
void check_statuses(const LoadLog& log, std::vector<std::string>& violations);

// Checks, through the API of the server on `port` (organisation 1):
// - the member count is `members_before` + acknowledged creates + unanswered creates applied
//   (found by their unique first name);
// - each acknowledged create is there with exactly the values sent;
// - per updated member, the acknowledged updates have distinct versions (If-Match serialises
//   them: two 200s with one version would mean one overwrote the other unseen), the stored
//   version is at least the highest, and the stored values are those of the acknowledged update
//   with the highest version, or of an unanswered update based on the version before the stored
//   one;
// - each acknowledged consent event is in its member's history with its purpose, decision and
//   evidence, once;
// - the audit chain and the consent ledger verify.
Result<CheckReport> check_writes(int port, const LoadLog& log, long members_before);

}  // namespace registre::load
