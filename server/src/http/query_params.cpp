#include "http/query_params.hpp"
#include "domain/utf8.hpp"

#include <charconv>

namespace registre::http {

std::vector<std::string> parse_status_list(const std::string& value, std::vector<FieldError>& errors) {
  std::vector<std::string> statuses;
  for (std::size_t pos = 0; !value.empty() && pos <= value.size();) {
    std::size_t comma = value.find(',', pos);
    if (comma == std::string::npos) comma = value.size();
    const std::string one = value.substr(pos, comma - pos);
    if (one == "applicant" || one == "active" || one == "lapsed" || one == "former") {
      statuses.push_back(one);
    } else {
      errors.push_back({"status", "a comma-separated list of applicant, active, lapsed, former"});
      break;
    }
    pos = comma + 1;
  }
  return statuses;
}

void refuse_unknown_params(const httplib::Request& req, std::initializer_list<std::string_view> allowed,
                           std::vector<FieldError>& errors) {
  for (const auto& [name, value] : req.params) {
    bool known = false;
    for (std::string_view a : allowed) known = known || name == a;
    if (!known) errors.push_back({name, "unknown parameter"});
  }
}

bool is_member_filter_param(const std::string& name) {
  return name == "q" || name == "status" || name == "type" || name == "paid" ||
         name.rfind(services::kCustomFilterPrefix, 0) == 0;
}

services::MemberFilter read_member_filter(const httplib::Request& req, std::vector<FieldError>& errors) {
  services::MemberFilter filter;
  filter.search = req.get_param_value("q");
  if (!domain::utf8_length_within(filter.search, 0, 200)) errors.push_back({"q", "at most 200 characters"});
  filter.statuses = parse_status_list(req.get_param_value("status"), errors);
  const std::string types = req.get_param_value("type");
  for (std::size_t pos = 0; !types.empty() && pos <= types.size();) {
    std::size_t comma = types.find(',', pos);
    if (comma == std::string::npos) comma = types.size();
    std::int64_t id = 0;
    auto [ptr, ec] = std::from_chars(types.data() + pos, types.data() + comma, id);
    if (ec != std::errc() || ptr != types.data() + comma || id < 1) {
      errors.push_back({"type", "a comma-separated list of membership type ids"});
      break;
    }
    filter.type_ids.push_back(id);
    pos = comma + 1;
  }
  if (req.has_param("paid")) {
    const std::string paid = req.get_param_value("paid");
    if (paid == "true" || paid == "1") filter.paid = true;
    else if (paid == "false" || paid == "0") filter.paid = false;
    else if (!paid.empty()) errors.push_back({"paid", "true or false"});
  }
  const std::size_t prefix = std::char_traits<char>::length(services::kCustomFilterPrefix);
  for (const auto& [name, value] : req.params) {
    if (name.rfind(services::kCustomFilterPrefix, 0) != 0) continue;
    const std::string key = name.substr(prefix);
    if (key.empty()) errors.push_back({name, "field_ followed by a custom field key"});
    else filter.custom.emplace_back(key, value);
  }
  return filter;
}

}  // namespace registre::http
