#pragma once
// Reading the register in bulk and its history: exports (audited, restricted members left out,
// notes only on explicit request) and the audit log.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/custom_field.hpp"
#include "domain/member.hpp"
#include "services/member_filter.hpp"
#include "services/member_service.hpp"
#include "services/request_info.hpp"
#include "services/sensitive_values.hpp"
#include "store/audit_store.hpp"
#include "store/database.hpp"

namespace registre::services {

class RegisterService {
 public:
  RegisterService(store::Database& db, const Clock& clock, SensitiveValues& sensitive)
      : db_(db), clock_(clock), sensitive_(sensitive) {}

  struct ExportRequest {
    MemberFilter filter;              // as for the member list
    bool include_sensitive = false;   // notes (free text) and custom fields classified sensitive:
                                      // managers only, on explicit request
    bool include_restricted = false;  // GDPR Art. 18: restricted records are kept, not processed
  };
  struct Export {
    std::vector<domain::Member> members;          // notes and sensitive values removed unless asked
    std::vector<domain::FieldDefinition> fields;  // the custom fields included
  };
  // Every matching member (not paged), sorted by name; one audit entry for the export.
  Result<Export> export_members(const RequestInfo& request, std::int64_t organization_id,
                                const ExportRequest& what);

  Result<std::vector<store::StoredAuditEntry>> audit_entries(std::int64_t organization_id,
                                                             const std::string& action,
                                                             std::optional<std::int64_t> before,
                                                             std::size_t limit);
  Result<store::AuditVerification> verify_audit();

 private:
  store::Database& db_;
  const Clock& clock_;
  SensitiveValues& sensitive_;
};

}  // namespace registre::services
