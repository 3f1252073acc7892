#include "http/authentication.hpp"

#include "auth/app_api_credentials.hpp"
#include "core/config.hpp"

namespace registre::http {
namespace {

std::optional<std::string> header(const httplib::Request& req, const char* name) {
  if (!req.has_header(name)) return std::nullopt;
  return req.get_header_value(name);
}

// The host name in a Host header ("localhost:8080", "[::1]:8080"), without its port.
std::string host_name(const std::string& host_header) {
  if (!host_header.empty() && host_header.front() == '[') {
    const auto close = host_header.find(']');
    return close == std::string::npos ? std::string() : host_header.substr(1, close - 1);
  }
  return host_header.substr(0, host_header.find(':'));
}

}  // namespace

Result<auth::Actor> AppApiAuthenticator::authenticate(const httplib::Request& req) const {
  // httplib compares header names case-insensitively.
  auth::AppApiHeaders headers{header(req, "EX-APP-ID"), header(req, "EX-APP-VERSION"),
                              header(req, "AUTHORIZATION-APP-API")};
  return auth::authenticate(headers, app_id_, secret_);
}

Result<auth::Actor> StandaloneAuthenticator::authenticate(const httplib::Request& req) const {
  // Standalone mode has no login: reaching the loopback port is the credential. A web page the
  // user visits reaches it too, through a name of its own re-pointed at 127.0.0.1 (DNS
  // rebinding), and could then read the register; its requests carry that name in Host.
  if (!is_loopback_host(host_name(req.get_header_value("Host")))) {
    return make_error(ErrorKind::unauthenticated, "unauthenticated",
                      "standalone mode answers only requests addressed to a loopback name");
  }
  auth::Actor actor;
  actor.kind = auth::Actor::Kind::user;
  actor.user_id = local_user_;
  actor.local_admin = true;
  return actor;
}

}  // namespace registre::http
