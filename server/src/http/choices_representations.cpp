#include "http/choices_representations.hpp"

namespace registre::http {

nlohmann::json own_line_json(const services::ConsentService::Current& line) {
  const auto& p = line.purpose;
  nlohmann::json version;
  if (line.latest_version) {
    const auto& v = *line.latest_version;
    version = {{"id", v.id},
               {"number", v.number},
               {"textFr", v.text_fr},
               {"textEn", v.text_en},
               {"textHash", v.text_hash}};
  }
  return {
      {"purposeId", p.id},
      {"key", p.key},
      {"title", p.title},
      {"description", p.description},
      {"legalBasis", p.legal_basis},
      {"dataCategories", p.data_categories},
      {"recipients", p.recipients},
      {"retention", p.retention},
      {"canDecide", p.active && p.legal_basis == "consent" && line.latest_version.has_value()},
      // Art. 21: what the member may do here is object (or lift their objection), not consent.
      {"canObject",
       p.active && domain::may_object(p.legal_basis) && line.latest_version.has_value()},
      {"state", std::string(domain::to_string(line.state))},
      {"decidedAt", line.latest_event ? nlohmann::json(line.latest_event->at) : nlohmann::json()},
      {"currentVersion", std::move(version)}};
}

nlohmann::json own_choices_json(const services::MemberChoices& choices) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& line : choices.lines) {
    // The member is shown what is in force: retired purposes they once decided on stay in
    // the managers' view and the history, not on this page.
    if (line.purpose.active) items.push_back(own_line_json(line));
  }
  return {{"organizationId", choices.organization_id},
          {"organizationName", choices.organization_name},
          {"expiresAt",
           choices.expires_at.empty() ? nlohmann::json() : nlohmann::json(choices.expires_at)},
          {"items", std::move(items)}};
}

nlohmann::json link_json(const domain::PublicLink& link, std::string_view now) {
  auto optional = [](const std::optional<std::string>& s) {
    return s ? nlohmann::json(*s) : nlohmann::json();
  };
  return {{"id", link.id},
          {"memberId", link.member_id},
          {"createdAt", link.created_at},
          {"createdBy", link.created_by},
          {"expiresAt", link.expires_at},
          {"revokedAt", optional(link.revoked_at)},
          {"revokedBy", optional(link.revoked_by)},
          {"state", std::string(domain::link_state(link, now))}};
}

}  // namespace registre::http
