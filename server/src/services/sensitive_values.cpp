#include "services/sensitive_values.hpp"

#include <nlohmann/json.hpp>

#include "crypto/sealing.hpp"

namespace registre::services {
namespace {

std::string associated_data(const domain::Member& member) {
  return "registre-sealed-v1:" + member.pseudonym;
}

Error damaged(const std::string& detail) {
  return make_error(ErrorKind::internal, "internal", detail);
}

}  // namespace

bool may_read_sensitive(const RequestInfo& request) {
  return request.roles.has(auth::Role::manager) || request.roles.has(auth::Role::admin);
}

bool is_sensitive_field(const std::vector<domain::FieldDefinition>& definitions,
                        const std::string& key) {
  for (const auto& d : definitions) {
    if (d.key == key) return d.classification == "sensitive";
  }
  return false;
}

namespace {

// Moves the values of sensitive fields out of `values` (an object) into the object returned.
nlohmann::json take_sensitive(nlohmann::json& values,
                              const std::vector<domain::FieldDefinition>& definitions) {
  nlohmann::json sensitive = nlohmann::json::object();
  for (auto it = values.begin(); it != values.end();) {
    if (is_sensitive_field(definitions, it.key())) {
      sensitive[it.key()] = std::move(it.value());
      it = values.erase(it);
    } else {
      ++it;
    }
  }
  return sensitive;
}

}  // namespace

Status SensitiveValues::seal(domain::Member& member,
                             const std::vector<domain::FieldDefinition>& definitions) {
  auto values = nlohmann::json::parse(member.custom, nullptr, false);
  if (!values.is_object()) return damaged("a member's custom values are not an object");
  const nlohmann::json sensitive = take_sensitive(values, definitions);
  if (sensitive.empty()) {
    member.sealed.clear();
    return ok_status();
  }
  auto key = keys_.key_of(member.pseudonym, true);
  if (!key) return std::move(key).error();
  member.sealed = crypto::seal(*key.value(), sensitive.dump(), associated_data(member));
  member.custom = values.dump();
  return ok_status();
}

Status SensitiveValues::open(domain::Member& member) {
  if (member.sealed.empty()) return ok_status();
  auto key = keys_.key_of(member.pseudonym, false);
  if (!key) return std::move(key).error();
  if (!key.value())
    return damaged("the key of a member's sealed values is missing from the key store");
  auto plain = crypto::unseal(*key.value(), member.sealed, associated_data(member));
  if (!plain) return damaged("a member's sealed values do not open with their key");
  auto sensitive = nlohmann::json::parse(*plain, nullptr, false);
  auto values = nlohmann::json::parse(member.custom, nullptr, false);
  if (!sensitive.is_object() || !values.is_object())
    return damaged("a member's custom values are not an object");
  for (auto& [k, v] : sensitive.items())
    values[k] = std::move(v);
  member.custom = values.dump();
  member.sealed.clear();
  return ok_status();
}

void SensitiveValues::strip(domain::Member& member,
                            const std::vector<domain::FieldDefinition>& definitions) {
  auto values = nlohmann::json::parse(member.custom, nullptr, false);
  if (!values.is_object()) return;
  take_sensitive(values, definitions);  // dropped: a preview writes them nowhere
  member.custom = values.dump();
  member.sealed.clear();
}

Status SensitiveValues::shred_all(const std::vector<std::string>& pseudonyms) {
  return keys_.destroy_all(pseudonyms);
}

Status SensitiveValues::shred(const std::string& pseudonym) {
  return keys_.destroy(pseudonym);
}

}  // namespace registre::services
