#include "http/query_params.hpp"

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

}  // namespace registre::http
