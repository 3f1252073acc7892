#pragma once
// Use cases of the member register: list and search, read (audited), create (numbered, with
// Idempotency-Key), update (If-Match), delete (only without history).

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/custom_field.hpp"
#include "domain/member.hpp"
#include "services/audit_batcher.hpp"
#include "services/member_filter.hpp"
#include "services/request_info.hpp"
#include "services/sensitive_values.hpp"
#include "store/database.hpp"
#include "store/member_store.hpp"

namespace registre::services {

struct IdempotencyKey {
  std::string key;           // the client's Idempotency-Key
  std::string request_hash;  // BLAKE2b of method, path and body
};

class MemberService {
 public:
  MemberService(store::Database& db, const Clock& clock, SensitiveValues& sensitive)
      : db_(db), clock_(clock), sensitive_(sensitive) {}

  struct ListRequest {
    store::MemberSort sort = store::MemberSort::name;
    MemberFilter filter;
    std::size_t limit = 50;
    std::optional<store::MemberCursor> after;
    bool with_total = false;
  };
  Result<store::MemberPage> list(const RequestInfo& request, std::int64_t organization_id,
                                 const ListRequest& list_request);

  Result<domain::Member> get(const RequestInfo& request, std::int64_t organization_id,
                             std::int64_t member_id);

  struct Created {
    domain::Member member;
    bool replayed = false;  // an earlier request with the same Idempotency-Key created it
  };
  Result<Created> create(const RequestInfo& request, std::int64_t organization_id,
                         const domain::MemberChanges& fields,
                         const std::optional<IdempotencyKey>& idempotency);

  Result<domain::Member> update(const RequestInfo& request, std::int64_t organization_id,
                                std::int64_t member_id, std::int64_t expected_version,
                                const domain::MemberChanges& changes);

  Status remove(const RequestInfo& request, std::int64_t organization_id, std::int64_t member_id,
                std::int64_t expected_version);

  // Custom fields of the organisation's member records.
  Result<std::vector<domain::FieldDefinition>> list_fields(std::int64_t organization_id);
  Result<domain::FieldDefinition> create_field(const RequestInfo& request,
                                               domain::FieldDefinition draft);

  // Recomputes the derived status of every member of every organisation (the hourly job);
  // returns how many changed. One transaction per organisation.
  Result<std::size_t> refresh_all_statuses();

  // The FTS5 expression for what a user typed: every word must start a word of the member's
  // names, e-mail or number. Empty when nothing searchable was typed.
  static std::string search_expression(const std::string& typed);

 private:
  // Opens the member's sensitive values for a caller allowed to read them; withholds them
  // otherwise.
  Status shown_to(const RequestInfo& request, domain::Member& member);
  // Today in the organisation's time zone, as an ISO date.
  Result<std::string> today_iso(SQLite::Database& db, std::int64_t organization_id);
  store::Database& db_;
  const Clock& clock_;
  SensitiveValues& sensitive_;
  AuditBatcher read_audit_;  // reads are audited by group commit (services/audit_batcher.hpp)
};

}  // namespace registre::services
