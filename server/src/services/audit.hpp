#pragma once
// Builds the audit entry of a use case; appended in the use case's own transaction.

#include <optional>
#include <string>
#include <vector>

#include "domain/audit_entry.hpp"
#include "services/request_info.hpp"

namespace registre::services {

inline domain::AuditEntry audit_entry(const RequestInfo& request, std::string at, std::string action,
                                      std::optional<std::int64_t> organization_id, std::string subject,
                                      std::vector<std::string> fields = {}) {
  domain::AuditEntry e;
  e.organization_id = organization_id;
  e.at = std::move(at);
  e.actor = request.actor.audit_name();
  e.action = std::move(action);
  e.subject = std::move(subject);
  e.fields = std::move(fields);
  e.request_id = request.request_id;
  return e;
}

}  // namespace registre::services
