#include "http/consent_representations.hpp"

namespace registre::http {

nlohmann::json to_json(const domain::PurposeVersion& v) {
  return {{"id", v.id},
          {"purposeId", v.purpose_id},
          {"number", v.number},
          {"textFr", v.text_fr},
          {"textEn", v.text_en},
          {"textHash", v.text_hash},
          {"publishedAt", v.published_at},
          {"publishedBy", v.published_by}};
}

nlohmann::json to_json(const services::PurposeView& view) {
  const auto& p = view.purpose;
  return {{"id", p.id},
          {"key", p.key},
          {"title", p.title},
          {"description", p.description},
          {"legalBasis", p.legal_basis},
          {"dataCategories", p.data_categories},
          {"recipients", p.recipients},
          {"retention", p.retention},
          {"active", p.active},
          {"currentVersion", view.latest ? to_json(*view.latest) : nlohmann::json()},
          {"createdAt", p.created_at},
          {"updatedAt", p.updated_at},
          {"version", p.version}};
}

nlohmann::json to_json(const domain::ConsentEvent& e) {
  return {{"id", e.id},
          {"seq", e.seq},
          {"at", e.at},
          {"purposeId", e.purpose_id},
          {"versionId", e.version_id},
          {"textHash", e.text_hash},
          {"decision", e.decision},
          {"channel", e.channel},
          {"recordedBy", e.recorded_by},
          {"evidence", e.evidence},
          {"prevHash", e.prev_hash},
          {"hash", e.hash}};
}

nlohmann::json to_json(const services::ConsentService::Current& c) {
  return {{"purposeId", c.purpose.id},
          {"purposeKey", c.purpose.key},
          {"title", c.purpose.title},
          {"legalBasis", c.purpose.legal_basis},
          {"active", c.purpose.active},
          {"currentVersionId",
           c.latest_version ? nlohmann::json(c.latest_version->id) : nlohmann::json()},
          {"state", std::string(domain::to_string(c.state))},
          {"latest", c.latest_event ? to_json(*c.latest_event) : nlohmann::json()}};
}

}  // namespace registre::http
