#pragma once
// Query parameters shared by several routes. Lists are single keys with comma-separated values:
// Nextcloud's proxy rebuilds query strings and keeps only the last of repeated keys.

#include <string>
#include <vector>

#include "core/error.hpp"

namespace registre::http {

// "active,lapsed" -> {"active", "lapsed"}; adds a field error for any unknown status.
std::vector<std::string> parse_status_list(const std::string& value, std::vector<FieldError>& errors);

}  // namespace registre::http
