#pragma once
// The JSON shapes a member sees of their own consents (public link and "my membership"), and the
// managers' view of public links (docs/openapi.yaml describes the same). Neither names the
// member: the link or the user already says who.

#include <nlohmann/json.hpp>

#include "domain/public_link.hpp"
#include "services/consent_choices.hpp"

namespace registre::http {

nlohmann::json own_line_json(const services::ConsentService::Current& line);
nlohmann::json own_choices_json(const services::MemberChoices& choices);
// `now` decides the state shown (active, expired, revoked).
nlohmann::json link_json(const domain::PublicLink& link, std::string_view now);

}  // namespace registre::http
