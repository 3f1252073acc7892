#pragma once
// The two steps every way of deciding on consents shares (a manager recording a form, a member
// through a public link or as themselves): reading a member's current choices, and appending a
// decision to the ledger. Both run inside the caller's transaction; the caller audits.

#include <SQLiteCpp/Database.h>

#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/member.hpp"
#include "services/consent_service.hpp"

namespace registre::services {

// One line per purpose of the organisation (retired ones only when the member decided on them).
Result<std::vector<ConsentService::Current>> current_consents(SQLite::Database& db,
                                                              std::int64_t organization_id,
                                                              const domain::Member& member);

// Appends the decision at `at`. Refused (invalid, naming the field, nothing appended) for an
// unknown purpose or version, a version of another purpose, a retired purpose, a purpose without
// a published text. REQUIRES: a WriteTransaction is open; `decision` and `channel` are valid.
Result<domain::ConsentEvent> append_decision(SQLite::Database& db, std::int64_t organization_id,
                                             const domain::Member& member,
                                             const ConsentService::Decision& d,
                                             const std::string& at, const std::string& recorded_by);

// What a member sees of their own consents, through a public link or as themselves.
struct MemberChoices {
  std::int64_t organization_id = 0;
  std::string organization_name;
  std::int64_t member_id = 0;
  std::string expires_at;  // the link's expiry; empty for a member acting as themselves
  std::vector<ConsentService::Current> lines;
};

// A member's own decision: "given" or "withdrawn" on an active consent-based purpose, "objected"
// or "given" (lifting the objection) on one based on a legitimate interest or a public task (the
// other legal bases do not rest on the member's choice). Field errors; empty when valid.
std::vector<FieldError> validate_own_decision(const std::string& decision);

// Appends the member's own decision and returns the purpose's line as it now stands. Refused
// (invalid, naming `purposeId`) for a purpose that is not consent-based, and as append_decision.
// REQUIRES: a WriteTransaction is open; validate_own_decision(decision) was empty.
Result<ConsentService::Current> record_own_decision(
    SQLite::Database& db, std::int64_t organization_id, const domain::Member& member,
    std::int64_t purpose_id, const std::string& decision, const std::string& channel,
    const std::string& at, const std::string& recorded_by);

}  // namespace registre::services
