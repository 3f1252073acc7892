#include "http/router.hpp"

#include <charconv>

#include "core/i18n.hpp"
#include "core/log.hpp"
#include "http/problem.hpp"

namespace registre::http {

void RequestContext::problem(const Error& error) { write_problem(res, error, language); }
void RequestContext::json(int status, const nlohmann::json& body) { write_json(res, status, body); }

std::int64_t path_number(const httplib::Request& req, std::size_t group) {
  if (req.matches.size() <= group) return -1;
  const std::string text = req.matches[group].str();
  std::int64_t value = -1;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size() ? value : -1;
}

std::string request_id_of(const httplib::Request& req) {
  std::string id = req.get_header_value("AA-REQUEST-ID");
  if (id.size() > 64) return {};
  for (unsigned char ch : id) {
    if (!std::isalnum(ch) && ch != '-' && ch != '_' && ch != '.' && ch != ':') return {};
  }
  return id;
}

namespace {

// Browsers say where a request comes from (Fetch Metadata), and Nextcloud's proxy forwards the
// header while it asks for no CSRF token on proxied routes (NEXTCLOUD.md §5). A change that a page
// of another site made the browser send is refused: only Nextcloud's own pages (same origin,
// where the app's front end runs) and requests no page started ("none", or no header at all:
// Nextcloud itself, scripts, older browsers) may change anything. Reads are left alone: another
// site cannot read their answers.
bool cross_site_change(const httplib::Request& req) {
  if (req.method == "GET" || req.method == "HEAD") return false;
  const std::string site = req.get_header_value("Sec-Fetch-Site");
  return site == "cross-site" || site == "same-site";
}

}  // namespace

Router::Router(httplib::Server& server, const Authenticator& authenticator,
               auth::Authorizer& authorizer, std::string default_language,
               std::size_t max_json_bytes, std::function<bool()> ready)
    : server_(server),
      authenticator_(authenticator),
      authorizer_(authorizer),
      default_language_(std::move(default_language)),
      max_json_bytes_(max_json_bytes),
      ready_(std::move(ready)) {}

void Router::add(Route route, RouteHandler handler) {
  routes_.push_back(route);
  auto wrapped = [this, route, handler = std::move(handler)](const httplib::Request& req,
                                                             httplib::Response& res) {
    handle(route, handler, req, res);
  };
  if (route.method == "GET") server_.Get(route.pattern, wrapped);
  else if (route.method == "POST") server_.Post(route.pattern, wrapped);
  else if (route.method == "PUT") server_.Put(route.pattern, wrapped);
  else if (route.method == "DELETE") server_.Delete(route.pattern, wrapped);
  else std::abort();  // programming error: the proxy forwards only these four
}

void Router::handle(const Route& route, const RouteHandler& handler, const httplib::Request& req,
                    httplib::Response& res) const {
  RequestContext ctx{req, res, {}, i18n::pick_language(req.get_header_value("Accept-Language"),
                                                       default_language_)};
  ctx.info.request_id = request_id_of(req);
  ctx.max_json_bytes = max_json_bytes_;
  const auth::PolicyEntry& policy = auth::policy_for(route.use_case);
  std::optional<std::int64_t> organization;
  if (policy.organization_scoped) {
    organization = path_number(req, 1);
    ctx.organization_id = *organization;
  }
  if (cross_site_change(req)) {
    log::warn("cross-site change refused",
              {{"use_case", policy.name}, {"request_id", ctx.info.request_id}});
    ctx.problem(make_error(ErrorKind::forbidden, "forbidden",
                           "a page of another site cannot change anything here"));
    return;
  }
  if (policy.needs_credential) {
    auto actor = authenticator_.authenticate(req);
    if (!actor) {
      // The detail says which check failed, never what was sent.
      log::warn("authentication failed", {{"use_case", policy.name},
                                          {"reason", actor.error().detail},
                                          {"request_id", ctx.info.request_id}});
      ctx.problem(actor.error());
      return;
    }
    ctx.info.actor = std::move(actor).value();
    auto roles = authorizer_.authorize(ctx.info.actor, route.use_case, organization);
    if (!roles) {
      ctx.problem(roles.error());
      return;
    }
    ctx.info.roles = roles.value();
    const bool lifecycle = route.use_case == auth::UseCase::lifecycle_init ||
                           route.use_case == auth::UseCase::lifecycle_enabled;
    if (!lifecycle && ready_ && !ready_()) {
      ctx.problem(make_error(ErrorKind::unavailable, "unavailable",
                             "Registre's initialisation failed; an administrator must look at its "
                             "log and enable it again"));
      return;
    }
  }
  handler(ctx);
}

}  // namespace registre::http
