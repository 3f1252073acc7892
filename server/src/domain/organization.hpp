#pragma once
// An organisation (association, SCIC, ...): the scope of every record.

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace registre::domain {

struct Organization {
  std::int64_t id = 0;
  std::string slug;
  std::string name;
  std::string legal_form = "association";  // association | scic | other
  std::string timezone = "Europe/Paris";
  std::string currency = "EUR";
  std::string created_at;
  bool archived = false;
  std::int64_t version = 1;
};

// Field errors for a new organisation; empty when valid.
std::vector<FieldError> validate_new_organization(const Organization& organization);

}  // namespace registre::domain
