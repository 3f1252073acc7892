#pragma once
// The JSON shapes of the API's resources (docs/openapi.yaml describes the same).

#include <nlohmann/json.hpp>
#include <optional>

#include "domain/member.hpp"
#include "domain/organization.hpp"
#include "store/role_grant_store.hpp"

namespace registre::http {

nlohmann::json to_json(const domain::Organization& o);
nlohmann::json to_json(const domain::Member& m);
nlohmann::json to_json(const store::RoleGrant& g);

// An optional field: its value, or JSON null (the API writes every field, set or not).
template <class T>
nlohmann::json json_or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

// ETag of a versioned record: the version, quoted.
inline std::string etag(std::int64_t version) {
  return "\"" + std::to_string(version) + "\"";
}

}  // namespace registre::http
