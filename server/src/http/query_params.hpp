#pragma once
// Query parameters shared by several routes. Lists are single keys with comma-separated values:
// Nextcloud's proxy rebuilds query strings and keeps only the last of repeated keys.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>

#include "core/error.hpp"
#include "services/member_filter.hpp"

namespace registre::http {

// "active,lapsed" -> {"active", "lapsed"}; adds a field error for any unknown status.
std::vector<std::string> parse_status_list(const std::string& value, std::vector<FieldError>& errors);

// A field error for every query parameter not in `allowed`: a typo in a parameter name must not
// silently give an unfiltered answer.
void refuse_unknown_params(const httplib::Request& req, std::initializer_list<std::string_view> allowed,
                           std::vector<FieldError>& errors);

// Whether `name` is one of the member filter parameters: q, status, type, paid, field_<key>.
bool is_member_filter_param(const std::string& name);

// The member filters of a list or export request; adds a field error for each malformed one.
// Whether types and custom fields exist is checked by the service.
services::MemberFilter read_member_filter(const httplib::Request& req, std::vector<FieldError>& errors);

}  // namespace registre::http
