#pragma once
// Registers routes on the HTTP server. Every route names its use case; the router authenticates
// the request, asks the authorizer (auth/policy.hpp) and only then calls the handler. A route
// cannot be added any other way, so no route can forget the check.

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include <httplib.h>

#include "auth/authorizer.hpp"
#include "auth/policy.hpp"
#include "http/authentication.hpp"
#include "http/request_context.hpp"

namespace registre::http {

using RouteHandler = std::function<void(RequestContext&)>;

struct Route {
  std::string method;   // GET, POST, PUT, DELETE
  std::string pattern;  // httplib regex, matched against the whole path; for organisation-scoped
                        // use cases its first group is the organisation id
  auth::UseCase use_case;
  // Example path for tests that walk every route (the pattern with its groups filled in).
  std::string example_path;
};

class Router {
 public:
  // `ready` false makes every use case but the lifecycle and the heartbeat answer 503.
  Router(httplib::Server& server, const Authenticator& authenticator, auth::Authorizer& authorizer,
         std::string default_language, std::size_t max_json_bytes, std::function<bool()> ready);

  void add(Route route, RouteHandler handler);

  const std::vector<Route>& routes() const { return routes_; }

 private:
  void handle(const Route& route, const RouteHandler& handler, const httplib::Request& req,
              httplib::Response& res) const;

  httplib::Server& server_;
  const Authenticator& authenticator_;
  auth::Authorizer& authorizer_;
  std::string default_language_;
  std::size_t max_json_bytes_;
  std::function<bool()> ready_;
  std::vector<Route> routes_;
};

// The number in capture group `group` of the route's pattern; -1 when it does not fit an int64
// (it then names nothing, and the service answers 404).
std::int64_t path_number(const httplib::Request& req, std::size_t group);

// AA-REQUEST-ID if it looks like one (letters, digits, -_.: up to 64), else "".
std::string request_id_of(const httplib::Request& req);

}  // namespace registre::http
