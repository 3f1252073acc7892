#include "http/member_json.hpp"

#include <nlohmann/json.hpp>

#include "domain/utf8.hpp"

namespace registre::http {
namespace {

void append_optional(std::string& out, const std::optional<std::string>& value) {
  if (value)
    append_json_string(out, *value);
  else
    out += "null";
}

void append_key(std::string& out, const char* key) {
  out += '"';
  out += key;
  out += "\":";
}

}  // namespace

void append_json_string(std::string& out, const std::string& text) {
  if (!domain::is_valid_utf8(text)) {  // never stored by the API; kept safe all the same
    out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char ch : text) {
    const auto byte = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out += kHex[byte >> 4];
          out += kHex[byte & 0xf];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void append_member_json(std::string& out, const domain::Member& m) {
  // Keys in nlohmann::json's order (sorted by bytes), as to_json(m).dump() writes them.
  out += '{';
  append_key(out, "address"), append_optional(out, m.address), out += ',';
  append_key(out, "admittedOn"), append_optional(out, m.admitted_on), out += ',';
  append_key(out, "birthDate"), append_optional(out, m.birth_date), out += ',';
  append_key(out, "city"), append_optional(out, m.city), out += ',';
  append_key(out, "country"), append_optional(out, m.country), out += ',';
  append_key(out, "createdAt"), append_json_string(out, m.created_at), out += ',';
  append_key(out, "custom");
  // Stored as nlohmann's own dump (members.custom, checked json_valid by the schema).
  if (!m.custom.empty() && m.custom.front() == '{')
    out += m.custom;
  else
    out += "{}";
  out += ',';
  append_key(out, "email"), append_optional(out, m.email), out += ',';
  append_key(out, "firstName"), append_json_string(out, m.first_name), out += ',';
  append_key(out, "householdId"), out += m.household_id ? std::to_string(*m.household_id) : "null",
      out += ',';
  append_key(out, "id"), out += std::to_string(m.id), out += ',';
  append_key(out, "lastName"), append_json_string(out, m.last_name), out += ',';
  append_key(out, "leftOn"), append_optional(out, m.left_on), out += ',';
  append_key(out, "nextcloudUser"), append_optional(out, m.nextcloud_user), out += ',';
  append_key(out, "notes"), append_json_string(out, m.notes), out += ',';
  append_key(out, "number"), out += std::to_string(m.number), out += ',';
  append_key(out, "organizationId"), out += std::to_string(m.organization_id), out += ',';
  append_key(out, "phone"), append_optional(out, m.phone), out += ',';
  append_key(out, "postcode"), append_optional(out, m.postcode), out += ',';
  append_key(out, "restricted"), out += m.restricted ? "true" : "false", out += ',';
  append_key(out, "status"), append_json_string(out, m.status), out += ',';
  append_key(out, "updatedAt"), append_json_string(out, m.updated_at), out += ',';
  append_key(out, "version"), out += std::to_string(m.version);
  out += '}';
}

}  // namespace registre::http
