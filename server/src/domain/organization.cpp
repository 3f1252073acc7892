#include "domain/organization.hpp"
#include "domain/utf8.hpp"

#include <regex>

namespace registre::domain {

std::vector<FieldError> validate_new_organization(const Organization& o) {
  std::vector<FieldError> errors;
  static const std::regex slug_pattern("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$");
  if (!std::regex_match(o.slug, slug_pattern)) {
    errors.push_back({"slug", "lower-case letters, digits and '-', 1 to 64 characters"});
  }
  if (!utf8_length_within(o.name, 1, 200)) errors.push_back({"name", "1 to 200 characters"});
  if (o.legal_form != "association" && o.legal_form != "scic" && o.legal_form != "other") {
    errors.push_back({"legalForm", "one of association, scic, other"});
  }
  static const std::regex currency_pattern("^[A-Z]{3}$");
  if (!std::regex_match(o.currency, currency_pattern)) {
    errors.push_back({"currency", "an ISO 4217 code such as EUR"});
  }
  static const std::regex timezone_pattern(R"(^[A-Za-z]+(?:/[A-Za-z0-9_+\-]+){0,2}$)");
  if (!std::regex_match(o.timezone, timezone_pattern)) {
    errors.push_back({"timezone", "an IANA time zone such as Europe/Paris"});
  }
  return errors;
}

}  // namespace registre::domain
