#pragma once
// The access package of one member (GDPR Art. 15 right of access, Art. 20 portability): every
// piece of data Registre keeps on the member, read from one snapshot so the parts agree with
// each other, and audited as one export. Notes and sensitive custom values are included: they
// are the data subject's own data.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/consent_event.hpp"
#include "domain/custom_field.hpp"
#include "domain/member.hpp"
#include "domain/organization.hpp"
#include "domain/public_link.hpp"
#include "domain/purpose.hpp"
#include "domain/subject_request.hpp"
#include "services/audit_batcher.hpp"
#include "services/sensitive_values.hpp"
#include "services/request_info.hpp"
#include "store/audit_store.hpp"
#include "store/database.hpp"
#include "store/import_store.hpp"
#include "store/membership_store.hpp"

namespace registre::services {

struct AccessPackage {
  std::string generated_at;  // RFC 3339 UTC
  domain::Organization organization;
  domain::Member member;
  std::optional<std::int64_t> household_number;  // number of the member named as household
  nlohmann::json custom_values = nlohmann::json::object();  // key -> value, sensitive ones too
  std::vector<domain::FieldDefinition> fields;              // the organisation's definitions
  std::vector<store::Membership> memberships;
  std::vector<store::MembershipType> membership_types;
  std::vector<domain::ConsentEvent> consents;  // the member's ledger events, oldest first
  std::vector<domain::Purpose> purposes;
  std::vector<domain::PurposeVersion> purpose_versions;
  std::vector<domain::SubjectRequest> requests;
  std::vector<store::StoredAuditEntry> access_log;  // entries whose subject is the member
  std::vector<store::ImportProvenance> imports;
  std::vector<domain::PublicLink> public_links;  // token hashes are never shown
};

// The names of the package's parts, as the audit entry lists them.
const std::vector<std::string>& access_package_parts();

// The member's custom values, as an object. REQUIRES: the member's sealed values were opened
// (services/sensitive_values.hpp), or it holds only the others.
nlohmann::json custom_values_of(const domain::Member& member);

class AccessPackageService {
 public:
  AccessPackageService(store::Database& db, const Clock& clock, SensitiveValues& sensitive)
      : db_(db), clock_(clock), sensitive_(sensitive) {}

  // For managers and administrators (the policy says who). not_found for a member of another
  // organisation. Audited ("member.package_exported", the parts as fields).
  Result<AccessPackage> for_member(const RequestInfo& request, std::int64_t organization_id,
                                   std::int64_t member_id);
  // The caller's own package ("my membership"); not_found when no member record names them.
  Result<AccessPackage> own(const RequestInfo& request, std::int64_t organization_id);

 private:
  // Reads, then audits once the snapshot is closed (reads are audited by group commit).
  Result<AccessPackage> gather_and_audit(const RequestInfo& request, std::int64_t organization_id,
                                         std::optional<std::int64_t> member_id,
                                         const std::string& action);

  store::Database& db_;
  const Clock& clock_;
  SensitiveValues& sensitive_;
  AuditBatcher read_audit_;
};

}  // namespace registre::services
