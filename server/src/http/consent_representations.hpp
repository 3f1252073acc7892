#pragma once
// The JSON shapes of purposes, their texts and consent events (docs/openapi.yaml describes the
// same). The member's pseudonym stays inside: the API names members by id.

#include <nlohmann/json.hpp>

#include "domain/consent_event.hpp"
#include "domain/purpose.hpp"
#include "services/consent_service.hpp"
#include "services/purpose_service.hpp"

namespace registre::http {

nlohmann::json to_json(const domain::PurposeVersion& v);
nlohmann::json to_json(const services::PurposeView& view);
nlohmann::json to_json(const domain::ConsentEvent& e);
nlohmann::json to_json(const services::ConsentService::Current& c);

}  // namespace registre::http
