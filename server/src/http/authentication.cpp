#include "http/authentication.hpp"

#include "auth/app_api_credentials.hpp"

namespace registre::http {
namespace {

std::optional<std::string> header(const httplib::Request& req, const char* name) {
  if (!req.has_header(name)) return std::nullopt;
  return req.get_header_value(name);
}

}  // namespace

Result<auth::Actor> AppApiAuthenticator::authenticate(const httplib::Request& req) const {
  // httplib compares header names case-insensitively.
  auth::AppApiHeaders headers{header(req, "EX-APP-ID"), header(req, "EX-APP-VERSION"),
                              header(req, "AUTHORIZATION-APP-API")};
  return auth::authenticate(headers, app_id_, secret_);
}

Result<auth::Actor> StandaloneAuthenticator::authenticate(const httplib::Request&) const {
  auth::Actor actor;
  actor.kind = auth::Actor::Kind::user;
  actor.user_id = local_user_;
  actor.local_admin = true;
  return actor;
}

}  // namespace registre::http
