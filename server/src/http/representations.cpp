#include "http/representations.hpp"

namespace registre::http {
nlohmann::json to_json(const domain::Organization& o) {
  return {{"id", o.id},
          {"slug", o.slug},
          {"name", o.name},
          {"legalForm", o.legal_form},
          {"timezone", o.timezone},
          {"currency", o.currency},
          {"archived", o.archived},
          {"createdAt", o.created_at},
          {"version", o.version}};
}

nlohmann::json to_json(const domain::Member& m) {
  return {{"id", m.id},
          {"organizationId", m.organization_id},
          {"number", m.number},
          {"firstName", m.first_name},
          {"lastName", m.last_name},
          {"email", json_or_null(m.email)},
          {"phone", json_or_null(m.phone)},
          {"address", json_or_null(m.address)},
          {"postcode", json_or_null(m.postcode)},
          {"city", json_or_null(m.city)},
          {"country", json_or_null(m.country)},
          {"birthDate", json_or_null(m.birth_date)},
          {"nextcloudUser", json_or_null(m.nextcloud_user)},
          {"notes", m.notes},
          {"householdId", m.household_id ? nlohmann::json(*m.household_id) : nlohmann::json()},
          {"admittedOn", json_or_null(m.admitted_on)},
          {"leftOn", json_or_null(m.left_on)},
          {"status", m.status},
          {"restricted", m.restricted},
          {"custom", nlohmann::json::parse(m.custom, nullptr, false)},
          {"createdAt", m.created_at},
          {"updatedAt", m.updated_at},
          {"version", m.version}};
}

nlohmann::json to_json(const store::RoleGrant& g) {
  return {{"id", g.id},
          {"organizationId", g.organization_id},
          {"principalType", g.principal_type},
          {"principalId", g.principal_id},
          {"role", g.role},
          {"grantedAt", g.granted_at},
          {"grantedBy", g.granted_by}};
}

}  // namespace registre::http
