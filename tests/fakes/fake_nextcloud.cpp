// The fake's server side: records the app's requests, answers them with captured exchanges and runs
// the re-entrant enable. Calls from the fake to the app are in fake_nextcloud_calls.cpp.
#include "fake_nextcloud.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace registre::fakes {
namespace {

using RecordedRequest = FakeNextcloud::RecordedRequest;

constexpr const char* kStatusPath = "/ocs/v1.php/apps/app_api/ex-app/status";
// What Nextcloud answers on every OCS route in the capture; used when a record has no Content-Type.
constexpr const char* kJsonContentType = "application/json; charset=utf-8";

std::string without_query(const std::string& target) {
  return target.substr(0, target.find('?'));
}

// httplib's server puts the peer addresses into the request headers; the app never sent them.
void drop_server_pseudo_headers(httplib::Headers& headers) {
  for (const char* name : {"REMOTE_ADDR", "REMOTE_PORT", "LOCAL_ADDR", "LOCAL_PORT"}) {
    headers.erase(name);
  }
}

// PUT ex-app/status with {"progress":100} and no or an empty "error": the report that makes
// Nextcloud enable the app (NEXTCLOUD.md §2).
bool reports_init_done(const RecordedRequest& rec) {
  if (rec.method != "PUT" || without_query(rec.path) != kStatusPath) return false;
  auto body = rec.json();
  if (!body || !body->is_object()) return false;
  auto progress = body->find("progress");
  if (progress == body->end() || !progress->is_number() || *progress != 100) return false;
  auto error = body->find("error");
  return error == body->end() || error->is_null() || *error == "";
}

bool matches(const RecordedRequest& r, const std::string& method, const std::string& prefix) {
  return r.method == method && r.path.starts_with(prefix);
}

}  // namespace

std::optional<nlohmann::json> FakeNextcloud::RecordedRequest::json() const {
  if (body.empty()) return std::nullopt;
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

std::string FakeNextcloud::RecordedRequest::header(const std::string& name) const {
  auto it = headers.find(name);  // httplib::Headers compares names case-insensitively
  return it == headers.end() ? std::string{} : it->second;
}

FakeNextcloud::FakeNextcloud(std::vector<std::string> fixture_files) {
  const auto dir = fixtures_dir();
  for (const auto& file : fixture_files) {
    for (auto& e : load_exchanges(dir + "/" + file)) {
      if (e.direction == "exapp->nc")
        routes_[{e.method, without_query(e.path)}].push_back(std::move(e));
    }
  }

  const auto lifecycle = load_exchanges(dir + "/lifecycle.jsonl");
  heartbeat_ = find_exchange(lifecycle, 1);         // GET /heartbeat after deploy
  init_ = find_exchange(lifecycle, 2);              // POST /init, system user, empty body
  enable_heartbeat_ = find_exchange(lifecycle, 7);  // GET /heartbeat inside the progress-100 report
  enabled_on_ = find_exchange(lifecycle, 8);        // PUT /enabled?enabled=1, empty body
  enabled_off_ = find_exchange(lifecycle, 11);      // PUT /enabled?enabled=0 (occ app:disable)
  auth_failed_ = find_exchange(lifecycle, 45);      // 401 "AppAPI authentication failed"
  not_found_ = find_exchange("ui.jsonl", 8);        // OCS v1 failure envelope, statuscode 404

  const auto proxy = load_exchanges(dir + "/proxy.jsonl");
  proxy_user_ = find_exchange(proxy, 3);        // bob with a session: GET with a query string
  proxy_user_body_ = find_exchange(proxy, 5);   // bob with a session: POST JSON
  proxy_anon_ = find_exchange(proxy, 18);       // anonymous GET on a PUBLIC route
  proxy_anon_body_ = find_exchange(proxy, 20);  // anonymous POST JSON on a PUBLIC route

  // php -S answered every request of the capture with "Connection: close"; one request per
  // connection also lets stop() return without waiting for idle keep-alive connections.
  server_.set_keep_alive_max_count(1);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); };
  server_.Get(".*", handler);
  server_.Post(".*", handler);
  server_.Put(".*", handler);
  server_.Delete(".*", handler);
  server_.Patch(".*", handler);
  server_.Options(".*", handler);

  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ < 0) throw std::runtime_error("FakeNextcloud: cannot bind a port on 127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // Server::stop() does nothing until the accept loop runs, so the destructor could hang if the
  // fake were destroyed before that: wait for it (start-up only, a few milliseconds at most).
  while (!server_.is_running())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeNextcloud::~FakeNextcloud() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

std::string FakeNextcloud::url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::vector<FakeNextcloud::RecordedRequest> FakeNextcloud::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

std::vector<FakeNextcloud::RecordedRequest> FakeNextcloud::requests_to(
    const std::string& method, const std::string& path_prefix) const {
  std::lock_guard lock(mu_);
  std::vector<RecordedRequest> out;
  std::copy_if(requests_.begin(), requests_.end(), std::back_inserter(out),
               [&](const RecordedRequest& r) { return matches(r, method, path_prefix); });
  return out;
}

bool FakeNextcloud::wait_for_request(const std::string& method, const std::string& path_prefix,
                                     std::chrono::milliseconds timeout, size_t count) const {
  std::unique_lock lock(mu_);
  return arrived_.wait_for(lock, timeout, [&] {
    auto n = std::count_if(requests_.begin(), requests_.end(), [&](const RecordedRequest& r) {
      return matches(r, method, path_prefix);
    });
    return static_cast<size_t>(n) >= count;
  });
}

void FakeNextcloud::clear() {
  std::lock_guard lock(mu_);
  requests_.clear();
  enable_results_.clear();
}

void FakeNextcloud::answer_with(const std::string& method, const std::string& path_without_query,
                                int seq_in_file, const std::string& file) {
  auto e = find_exchange(file, seq_in_file);
  std::lock_guard lock(mu_);
  overrides_[{method, path_without_query}] = std::move(e);
}

void FakeNextcloud::clear_overrides() {
  std::lock_guard lock(mu_);
  overrides_.clear();
}

void FakeNextcloud::fail_auth(bool on) {
  std::lock_guard lock(mu_);
  fail_auth_ = on;
}

void FakeNextcloud::set_app(const std::string& host, int port) {
  std::lock_guard lock(mu_);
  app_host_ = host;
  app_port_ = port;
}

std::vector<FakeNextcloud::AppAnswer> FakeNextcloud::enable_results() const {
  std::lock_guard lock(mu_);
  return enable_results_;
}

void FakeNextcloud::handle(const httplib::Request& req, httplib::Response& res) {
  RecordedRequest rec{req.method, req.target, req.body, req.headers};
  drop_server_pseudo_headers(rec.headers);
  {
    std::lock_guard lock(mu_);
    requests_.push_back(rec);
  }
  arrived_.notify_all();

  const auto registry = webhook_registry_reply(rec);
  const Reply reply = registry ? *registry : choose_reply(rec);
  // Nextcloud (lifecycle seq 6-8) heartbeats the app and enables it while it handles a successful
  // progress-100 report, and answers the report only afterwards. The lock is not held here: the app
  // calls the fake again while it handles /enabled.
  if (reply.success && reports_init_done(rec)) run_enable_callbacks();

  res.status = reply.status;
  res.set_content(reply.body, reply.content_type);
}

FakeNextcloud::Reply FakeNextcloud::choose_reply(const RecordedRequest& rec) const {
  auto reply_from = [](const Exchange& e, int status) {
    return Reply{status, e.response_body.value_or(""),
                 captured_header(e.response_headers, "Content-Type").value_or(kJsonContentType),
                 is_success(e)};
  };
  {
    std::lock_guard lock(mu_);
    if (fail_auth_) return reply_from(auth_failed_, auth_failed_.status);
    auto it = overrides_.find({rec.method, without_query(rec.path)});
    if (it != overrides_.end()) return reply_from(it->second, it->second.status);
  }
  if (const Exchange* e = match(rec)) return reply_from(*e, e->status);
  // No capture for this route: the v1 envelope of a captured OCS 404, with an HTTP 404 so that an
  // app that ignores ocs.meta.statuscode notices too.
  return reply_from(not_found_, 404);
}

// Picks the captured exchange for a request: the first candidate (file order) of the first tier
// that has one. The same route was often captured several times with different outcomes, depending
// on the body, the user in AUTHORIZATION-APP-API, or the instance's state (app disabled,
// brute-force lockout):
//  1. same path and query and same JSON body (compared as JSON), same user first;
//  2. same path and query, same user, a success (OCS 100/200, else HTTP 2xx);
//  3. same path and query, same user, no body on either side, whatever the outcome: e.g. an
//     unknown top-menu name (404), provisioning with an empty user (401), ex-app/enabled (401);
//  4. same path and query, a success;
//  5. same path without query, a success;  6. any capture of the route.
// Routes with no capture at all get the 404 of choose_reply().
const Exchange* FakeNextcloud::match(const RecordedRequest& rec) const {
  auto it = routes_.find({rec.method, without_query(rec.path)});
  if (it == routes_.end()) return nullptr;
  const auto& candidates = it->second;

  const auto body = rec.json();
  const auto auth = rec.header("AUTHORIZATION-APP-API");
  auto same_path = [&](const Exchange& c) { return c.path == rec.path; };
  auto same_body = [&](const Exchange& c) { return body && c.request_json == body; };
  auto same_user = [&](const Exchange& c) {
    return captured_header(c.request_headers, "AUTHORIZATION-APP-API").value_or("") == auth;
  };
  const std::function<bool(const Exchange&)> tiers[] = {
      [&](const Exchange& c) { return same_path(c) && same_body(c) && same_user(c); },
      [&](const Exchange& c) { return same_path(c) && same_body(c); },
      [&](const Exchange& c) { return same_path(c) && same_user(c) && is_success(c); },
      [&](const Exchange& c) { return same_path(c) && same_user(c) && !body && !c.request_json; },
      [&](const Exchange& c) { return same_path(c) && is_success(c); },
      [&](const Exchange& c) { return is_success(c); },
  };
  for (const auto& tier : tiers) {
    auto found = std::find_if(candidates.begin(), candidates.end(), tier);
    if (found != candidates.end()) return &*found;
  }
  return &candidates.front();
}

namespace {

constexpr const char* kWebhooksPath = "/ocs/v2.php/apps/webhook_listeners/api/v1/webhooks";

// A captured answer whose OCS data is replaced.
std::string envelope_with(const Exchange& e, nlohmann::json data) {
  nlohmann::json body = *e.response_json;
  body["ocs"]["data"] = std::move(data);
  return body.dump();
}

// A webhook as webhook_listeners shows it, shaped like the captured creation answer (forms seq 1),
// with the registration's values. PHP renders an empty eventFilter as [] and absent headers as
// null (webhooks seq 4).
nlohmann::json webhook_from(const Exchange& created, const nlohmann::json& request,
                            std::int64_t id, const std::string& app_id) {
  nlohmann::json hook = (*created.response_json)["ocs"]["data"];
  hook["id"] = id;
  hook["appId"] = app_id;
  hook["userId"] = nullptr;
  for (const char* key : {"httpMethod", "uri", "event", "userIdFilter", "authMethod"}) {
    hook[key] = request.value(key, std::string(key == std::string("authMethod") ? "none" : ""));
  }
  const auto filter = request.value("eventFilter", nlohmann::json::object());
  hook["eventFilter"] = filter.empty() ? nlohmann::json::array() : filter;
  const auto headers = request.value("headers", nlohmann::json::object());
  hook["headers"] = headers.empty() ? nlohmann::json(nullptr) : headers;
  hook["authData"] = request.value("authData", nlohmann::json(nullptr));
  return hook;
}

}  // namespace

void FakeNextcloud::enable_webhook_registry(std::vector<std::string> refused_events) {
  std::lock_guard lock(mu_);
  webhook_registry_ = true;
  refused_events_ = std::move(refused_events);
}

nlohmann::json FakeNextcloud::registered_webhooks() const {
  std::lock_guard lock(mu_);
  return nlohmann::json(webhooks_);
}

void FakeNextcloud::preregister_webhook(const nlohmann::json& request_body, const std::string& app_id) {
  const auto created = find_exchange("forms.jsonl", 1);
  std::lock_guard lock(mu_);
  webhooks_.push_back(webhook_from(created, request_body, next_webhook_id_++, app_id));
}

std::optional<FakeNextcloud::Reply> FakeNextcloud::webhook_registry_reply(const RecordedRequest& rec) {
  const std::string path = without_query(rec.path);
  {
    std::lock_guard lock(mu_);
    if (!webhook_registry_ || fail_auth_ || !path.starts_with(kWebhooksPath)) return std::nullopt;
  }
  const std::string rest = path.substr(std::string(kWebhooksPath).size());
  auto reply = [](const Exchange& e, std::string body) {
    return Reply{e.status, std::move(body), kJsonContentType, is_success(e)};
  };
  if (rec.method == "GET" && rest.empty()) {
    const auto listed = find_exchange("webhooks.jsonl", 11);
    std::lock_guard lock(mu_);
    return reply(listed, envelope_with(listed, nlohmann::json(webhooks_)));
  }
  if (rec.method == "POST" && rest.empty()) {
    const auto body = rec.json().value_or(nlohmann::json::object());
    const std::string event = body.value("event", std::string());
    std::lock_guard lock(mu_);
    if (std::find(refused_events_.begin(), refused_events_.end(), event) != refused_events_.end()) {
      const auto refused = find_exchange("webhooks.jsonl", 8);
      return reply(refused, *refused.response_body);
    }
    const auto created = find_exchange("forms.jsonl", 1);
    auto hook = webhook_from(created, body, next_webhook_id_++, "registre");
    webhooks_.push_back(hook);
    return reply(created, envelope_with(created, hook));
  }
  if (rec.method == "DELETE" && rest.starts_with("/byappid/")) {
    const std::string app = rest.substr(std::string("/byappid/").size());
    const auto deleted = find_exchange("webhooks.jsonl", 36);
    std::lock_guard lock(mu_);
    const auto before = webhooks_.size();
    std::erase_if(webhooks_, [&](const nlohmann::json& h) { return h.value("appId", "") == app; });
    return reply(deleted, envelope_with(deleted, before - webhooks_.size()));
  }
  if (rec.method == "DELETE" && rest.size() > 1) {
    const std::string id = rest.substr(1);
    std::lock_guard lock(mu_);
    const auto before = webhooks_.size();
    std::erase_if(webhooks_, [&](const nlohmann::json& h) { return std::to_string(h.value("id", 0)) == id; });
    const auto answer = find_exchange("webhooks.jsonl", before != webhooks_.size() ? 34 : 35);
    return reply(answer, *answer.response_body);
  }
  return std::nullopt;
}

void FakeNextcloud::run_enable_callbacks() {
  {
    std::lock_guard lock(mu_);
    if (app_port_ == 0) return;  // set_app() not called: nothing to call back
  }
  AppAnswer heartbeat = send_captured(enable_heartbeat_);
  AppAnswer enabled = send_captured(enabled_on_);
  std::lock_guard lock(mu_);
  enable_results_.push_back(std::move(heartbeat));
  enable_results_.push_back(std::move(enabled));
}

}  // namespace registre::fakes
