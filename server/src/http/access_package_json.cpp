#include "http/access_package_json.hpp"

#include <map>

#include "http/representations.hpp"

namespace registre::http {
namespace {

nlohmann::json member_json(const services::AccessPackage& p) {
  const auto& m = p.member;
  // The record as the API shows it, less what the package gives elsewhere (custom values, with
  // their labels) or names otherwise (the household, with its number) and internal counters.
  nlohmann::json record = to_json(m);
  for (const char* internal : {"organizationId", "householdId", "custom", "version"})
    record.erase(internal);
  nlohmann::json household;
  if (m.household_id)
    household = {{"memberId", *m.household_id}, {"number", json_or_null(p.household_number)}};
  record["household"] = std::move(household);
  return record;
}

// Every value the member has, with what the organisation calls it.
nlohmann::json custom_fields_json(const services::AccessPackage& p) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [key, value] : p.custom_values.items()) {
    nlohmann::json field = {{"key", key},
                            {"label", key},
                            {"type", nullptr},
                            {"classification", nullptr},
                            {"value", value}};
    for (const auto& d : p.fields) {
      if (d.key != key) continue;
      field["label"] = d.label;
      field["type"] = d.type;
      field["classification"] = d.classification;
    }
    out.push_back(std::move(field));
  }
  return out;
}

nlohmann::json memberships_json(const services::AccessPackage& p) {
  std::map<std::int64_t, const store::MembershipType*> types;
  for (const auto& t : p.membership_types)
    types[t.id] = &t;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : p.memberships) {
    nlohmann::json type = {{"id", m.type_id}, {"name", nullptr}, {"period", nullptr}};
    if (auto it = types.find(m.type_id); it != types.end()) {
      type["name"] = it->second->name;
      type["period"] = it->second->period;
    }
    out.push_back({{"id", m.id},
                   {"type", std::move(type)},
                   {"startsOn", m.starts_on},
                   {"endsOn", json_or_null(m.ends_on)},
                   {"amountCents", m.amount_cents},
                   {"currency", m.currency},
                   {"paidOn", json_or_null(m.paid_on)},
                   {"paymentMethod", json_or_null(m.payment_method)},
                   {"reference", json_or_null(m.reference)},
                   {"recordedAt", m.created_at},
                   {"recordedBy", m.recorded_by}});
  }
  return out;
}

// Each decision with the exact text agreed to (Art. 7(1): the controller proves what was said).
nlohmann::json consents_json(const services::AccessPackage& p) {
  std::map<std::int64_t, const domain::Purpose*> purposes;
  for (const auto& purpose : p.purposes)
    purposes[purpose.id] = &purpose;
  std::map<std::int64_t, const domain::PurposeVersion*> versions;
  for (const auto& v : p.purpose_versions)
    versions[v.id] = &v;
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : p.consents) {
    nlohmann::json purpose = {
        {"id", e.purpose_id}, {"key", nullptr}, {"title", nullptr}, {"legalBasis", nullptr}};
    if (auto it = purposes.find(e.purpose_id); it != purposes.end()) {
      purpose["key"] = it->second->key;
      purpose["title"] = it->second->title;
      purpose["legalBasis"] = it->second->legal_basis;
    }
    nlohmann::json version = {{"id", e.version_id},      {"number", nullptr},
                              {"textFr", nullptr},       {"textEn", nullptr},
                              {"textHash", e.text_hash}, {"publishedAt", nullptr}};
    if (auto it = versions.find(e.version_id); it != versions.end()) {
      version["number"] = it->second->number;
      version["textFr"] = it->second->text_fr;
      version["textEn"] = it->second->text_en;
      version["publishedAt"] = it->second->published_at;
    }
    out.push_back({{"seq", e.seq},
                   {"at", e.at},
                   {"purpose", std::move(purpose)},
                   {"version", std::move(version)},
                   {"decision", e.decision},
                   {"channel", e.channel},
                   {"recordedBy", e.recorded_by},
                   {"evidence", e.evidence.empty() ? nlohmann::json() : nlohmann::json(e.evidence)},
                   {"evidenceHash", e.evidence_hash},
                   {"hash", e.hash}});
  }
  return out;
}

nlohmann::json requests_json(const services::AccessPackage& p) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : p.requests) {
    out.push_back({{"id", r.id},
                   {"kind", r.kind},
                   {"receivedOn", r.received_on},
                   {"dueOn", r.due_on},
                   {"status", r.status},
                   {"handler", json_or_null(r.handler)},
                   {"extensionMonths", json_or_null(r.extension_months)},
                   {"extensionReason", json_or_null(r.extension_reason)},
                   {"closedOn", json_or_null(r.closed_on)},
                   {"closureProof", json_or_null(r.closure_proof)},
                   {"createdAt", r.created_at}});
  }
  return out;
}

nlohmann::json access_log_json(const services::AccessPackage& p) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : p.access_log) {
    out.push_back({{"id", e.id},
                   {"at", e.entry.at},
                   {"actor", e.entry.actor},
                   {"action", e.entry.action},
                   {"fields", e.entry.fields}});
  }
  return out;
}

nlohmann::json imports_json(const services::AccessPackage& p) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& i : p.imports) {
    out.push_back({{"fileName", i.file_name},
                   {"fileHash", i.file_hash},
                   {"line", i.line},
                   {"outcome", i.outcome},
                   {"importedAt", i.imported_at},
                   {"importedBy", i.imported_by}});
  }
  return out;
}

// Never the token (it is not stored) nor its hash.
nlohmann::json public_links_json(const services::AccessPackage& p) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& l : p.public_links) {
    out.push_back({{"id", l.id},
                   {"createdAt", l.created_at},
                   {"createdBy", l.created_by},
                   {"expiresAt", l.expires_at},
                   {"revokedAt", json_or_null(l.revoked_at)},
                   {"revokedBy", json_or_null(l.revoked_by)}});
  }
  return out;
}

}  // namespace

nlohmann::json access_package_json(const services::AccessPackage& package) {
  return {{"format", "registre-access-package"},
          {"formatVersion", kAccessPackageFormatVersion},
          {"generatedAt", package.generated_at},
          {"organization", {{"id", package.organization.id}, {"name", package.organization.name}}},
          {"member", member_json(package)},
          {"customFields", custom_fields_json(package)},
          {"memberships", memberships_json(package)},
          {"consents", consents_json(package)},
          {"requests", requests_json(package)},
          {"accessLog", access_log_json(package)},
          {"imports", imports_json(package)},
          {"publicLinks", public_links_json(package)}};
}

}  // namespace registre::http
