#include "domain/audit_entry.hpp"

namespace registre::domain {
namespace {

void append_item(std::string& out, const std::string& value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

}  // namespace

std::string audit_hash_input(const AuditEntry& entry, const std::string& prev_hash) {
  std::string out = "registre-audit-v1\n";
  append_item(out, prev_hash);
  append_item(out, entry.organization_id ? std::to_string(*entry.organization_id) : "");
  append_item(out, entry.at);
  append_item(out, entry.actor);
  append_item(out, entry.action);
  append_item(out, entry.subject);
  append_item(out, std::to_string(entry.fields.size()));
  for (const auto& field : entry.fields) append_item(out, field);
  append_item(out, entry.request_id);
  return out;
}

}  // namespace registre::domain
