#pragma once
// What a route handler gets: the request, the response to fill, and who is asking.

#include <cstdint>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "services/request_info.hpp"

namespace registre::http {

struct RequestContext {
  const httplib::Request& req;
  httplib::Response& res;
  services::RequestInfo info;  // actor, roles, request id
  std::string language;        // "fr" or "en", from Accept-Language
  std::int64_t organization_id = 0;  // for organisation-scoped routes: the id in the path
  std::size_t max_json_bytes = 1024 * 1024;

  void problem(const Error& error);
  void json(int status, const nlohmann::json& body);
};

}  // namespace registre::http
