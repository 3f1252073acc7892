#include "domain/audit_entry.hpp"

#include "domain/hash_input.hpp"

namespace registre::domain {

std::string audit_hash_input(const AuditEntry& entry, const std::string& prev_hash) {
  std::string out = "registre-audit-v1\n";
  append_hash_item(out, prev_hash);
  append_hash_item(out, entry.organization_id ? std::to_string(*entry.organization_id) : "");
  append_hash_item(out, entry.at);
  append_hash_item(out, entry.actor);
  append_hash_item(out, entry.action);
  append_hash_item(out, entry.subject);
  append_hash_item(out, std::to_string(entry.fields.size()));
  for (const auto& field : entry.fields)
    append_hash_item(out, field);
  append_hash_item(out, entry.request_id);
  return out;
}

}  // namespace registre::domain
