#pragma once
// An audit log entry and the exact bytes its hash covers. Pure: no I/O, no other layer.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace registre::domain {

struct AuditEntry {
  std::optional<std::int64_t> organization_id;  // none for instance-wide events
  std::string at;          // RFC 3339 UTC
  std::string actor;       // "nextcloud", "system" or "user:<uid>"
  std::string action;      // dotted name, e.g. "organization.created"
  std::string subject;     // pseudonymous reference, e.g. "organization:1"
  std::vector<std::string> fields;  // names of changed fields, never values
  std::string request_id;  // AA-REQUEST-ID, for correlation with Nextcloud's log
};

// The genesis value of `prev_hash` for the first entry of a chain.
inline constexpr const char* kAuditGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The bytes hashed (BLAKE2b-256) to produce an entry's `hash`:
//   "registre-audit-v1\n" followed, for prev_hash, organization_id ("" when none), at, actor,
//   action, subject, each field name in order, and request_id, by "<byte length>:<bytes>\n".
// Length prefixes make the encoding unambiguous whatever the values contain; the field list is
// preceded by its count. Changing this encoding needs a new version tag.
std::string audit_hash_input(const AuditEntry& entry, const std::string& prev_hash);

}  // namespace registre::domain
