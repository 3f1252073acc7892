#pragma once
// The audit log table. Appends must run inside the caller's write transaction, so an audited
// change and its audit entry commit or roll back together.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"
#include "domain/audit_entry.hpp"

namespace registre::store {

// Appends `entry` chained to the last entry. REQUIRES: a WriteTransaction is open on `db`.
Result<std::int64_t> append_audit_entry(SQLite::Database& db, const domain::AuditEntry& entry);

struct AuditVerification {
  std::int64_t entries_checked = 0;
  std::int64_t entries_redacted = 0;  // by a retention rule: linked, but their content is gone
  std::optional<std::int64_t> first_broken_id;  // none when the whole chain holds
};

struct StoredAuditEntry {
  std::int64_t id = 0;
  domain::AuditEntry entry;
};

// An organisation's entries, newest first, optionally of one action, before id `before` (paging).
Result<std::vector<StoredAuditEntry>> list_audit_entries(SQLite::Database& db, std::int64_t organization_id,
                                                         const std::string& action, std::optional<std::int64_t> before,
                                                         std::size_t limit);

// Every entry of the organisation about `subject` (e.g. "member:<pseudonym>"), oldest first: who
// read or changed a member's record (Art. 15(1)(c): the recipients of their data).
Result<std::vector<StoredAuditEntry>> audit_entries_about(SQLite::Database& db,
                                                          std::int64_t organization_id,
                                                          const std::string& subject);

// Recomputes every hash from the genesis and reports the first entry that does not match.
Result<AuditVerification> verify_audit_chain(SQLite::Database& db);

}  // namespace registre::store
