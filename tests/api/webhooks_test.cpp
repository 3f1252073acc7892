// Outgoing webhooks over real HTTP (standalone mode, the local administrator): the register's
// changes reach a local receiver signed, with only the data the subscription's scope allows; a
// receiver that is down gets every event later with the same webhook-id; and the outbox survives
// a kill -9 of the server.
#include <doctest/doctest.h>
#include <signal.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "crypto/sodium.hpp"
#include "running_app.hpp"

using namespace registre;
using namespace std::chrono_literals;

namespace {

// A receiver on loopback that records what it gets and answers `status()` (200 by default).
class Receiver {
 public:
  struct Seen {
    std::string id, timestamp, signature, body;
    nlohmann::json json() const { return nlohmann::json::parse(body); }
  };
  explicit Receiver(int port = 0) {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      seen_.push_back({req.get_header_value("webhook-id"),
                       req.get_header_value("webhook-timestamp"),
                       req.get_header_value("webhook-signature"), req.body});
      res.status = status_;
    });
    port_ = port == 0 ? server_.bind_to_any_port("127.0.0.1")
                      : (server_.bind_to_port("127.0.0.1", port) ? port : -1);
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the accept loop runs would be missed, and the join would wait forever.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  void set_status(int status) {
    std::lock_guard lock(mu_);
    status_ = status;
  }
  std::vector<Seen> seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }
  // Waits until `count` requests arrived (the sender polls every second).
  std::vector<Seen> wait_for(std::size_t count, std::chrono::seconds timeout = 20s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      auto s = seen();
      if (s.size() >= count) return s;
      std::this_thread::sleep_for(50ms);
    }
    return seen();
  }
  // The requests of one event type.
  std::vector<Seen> of_type(const std::string& type) {
    std::vector<Seen> out;
    for (auto& s : seen())
      if (s.json()["type"] == type) out.push_back(s);
    return out;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  int status_ = 200;
  std::vector<Seen> seen_;
};

// Standard Webhooks verification, written from the specification (not the server's code).
bool verifies(const std::string& secret, const Receiver::Seen& s) {
  auto key = crypto::base64_decode(secret.substr(std::string("whsec_").size()));
  REQUIRE(key);
  const std::string text = s.id + "." + s.timestamp + "." + s.body;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key->data()),
                              key->size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(text.data()),
                                text.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return s.signature ==
         "v1," + crypto::base64_encode(std::string_view(reinterpret_cast<char*>(mac), sizeof mac));
}

struct Client {
  httplib::Client http;
  explicit Client(int port) : http("127.0.0.1", port) { http.set_read_timeout(30, 0); }
  nlohmann::json send(const std::string& method, const std::string& path,
                      const nlohmann::json& body, int expected, httplib::Headers headers = {}) {
    httplib::Result res =
        method == "POST"
            ? http.Post(path, headers, body.is_null() ? "" : body.dump(), "application/json")
        : method == "PUT" ? http.Put(path, headers, body.dump(), "application/json")
                          : http.Get(path, headers);
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == expected,
                    method << " " << path << " -> " << res->status << " " << res->body);
    if (res->body.empty() ||
        res->get_header_value("Content-Type").find("json") == std::string::npos)
      return {};
    return nlohmann::json::parse(res->body);
  }
  nlohmann::json subscribe(const std::string& url, const std::vector<std::string>& events,
                           const std::string& scope = "minimal") {
    return send("POST", "/admin/v1/organizations/1/webhooks",
                {{"url", url}, {"events", events}, {"scope", scope}, {"allowPrivateTargets", true}},
                201);
  }
};

Config quick_retries() {
  Config c = test_support::standalone_config();
  c.webhook_retry_base_ms = 200;
  c.webhook_max_attempts = 4;
  return c;
}

}  // namespace

TEST_CASE("webhooks: register changes reach the receiver signed, with only what the scope allows") {
  REQUIRE(crypto::initialize());
  Receiver receiver;
  test_support::RunningApp app(quick_retries());
  Client api(app.port());
  const std::vector<std::string> all = {
      "member.created", "member.updated",    "member.status_changed", "membership.paid",
      "consent.given",  "consent.withdrawn", "member.restricted",     "member.erased",
      "request.opened", "request.closed"};
  const auto minimal = api.subscribe(receiver.url(), all);
  Receiver contact_receiver;
  const auto contact = api.subscribe(contact_receiver.url(), {"member.created"}, "contact");

  const auto member = api.send(
      "POST", "/api/v1/organizations/1/members",
      {{"firstName", "Anne"}, {"lastName", "Durand"}, {"email", "anne.durand@example.org"}}, 201);
  const int id = member["id"];
  auto created = receiver.wait_for(1);
  REQUIRE(created.size() == 1);
  CHECK(verifies(minimal["secret"], created[0]));
  CHECK_FALSE(verifies(contact["secret"], created[0]));
  CHECK(created[0].json()["type"] == "member.created");
  CHECK(created[0].json()["data"]["memberId"] == id);
  CHECK(created[0].json()["data"]["status"] == "applicant");
  CHECK(created[0].body.find("anne.durand") == std::string::npos);
  CHECK(created[0].body.find("Durand") == std::string::npos);
  auto to_contact = contact_receiver.wait_for(1);
  REQUIRE(to_contact.size() == 1);
  CHECK(verifies(contact["secret"], to_contact[0]));
  CHECK(to_contact[0].id == created[0].id);  // one event, one webhook-id
  CHECK(to_contact[0].json()["data"]["email"] == "anne.durand@example.org");

  // A purpose, a consent given then withdrawn.
  const int purpose =
      api.send("POST", "/api/v1/organizations/1/purposes", {{"preset", "newsletter"}}, 201)["id"];
  const std::string consents =
      "/api/v1/organizations/1/members/" + std::to_string(id) + "/consents";
  api.send("POST", consents, {{"purposeId", purpose}, {"decision", "given"}, {"channel", "paper"}},
           201);
  api.send("POST", consents,
           {{"purposeId", purpose}, {"decision", "withdrawn"}, {"channel", "web"}}, 201);
  // A data-subject request opened and closed.
  const int request = api.send("POST", "/api/v1/organizations/1/requests",
                               {{"kind", "access"}, {"memberId", id}}, 201)["id"];
  api.send("POST", "/api/v1/organizations/1/requests/" + std::to_string(request) + "/closure",
           {{"status", "closed"}, {"closureProof", "Copie envoyée."}}, 200);
  // Restricted (Art. 18): announced without personal data.
  api.send("PUT", "/api/v1/organizations/1/members/" + std::to_string(id), {{"restricted", true}},
           200, {{"If-Match", "\"1\""}});
  // Erased.
  api.send("POST", "/api/v1/organizations/1/members/" + std::to_string(id) + "/erasure",
           nlohmann::json::object(), 200, {{"If-Match", "\"2\""}});

  auto seen = receiver.wait_for(8);
  std::multiset<std::string> types;
  std::set<std::string> ids;
  for (const auto& s : seen) {
    CHECK(verifies(minimal["secret"], s));
    types.insert(s.json()["type"].get<std::string>());
    ids.insert(s.id);
    CHECK(s.body.find("anne.durand") == std::string::npos);
    CHECK(s.body.find("Anne") == std::string::npos);
  }
  CHECK(ids.size() == seen.size());  // every event its own webhook-id
  for (const char* t : {"member.created", "consent.given", "consent.withdrawn", "request.opened",
                        "request.closed", "member.restricted", "member.updated", "member.erased"}) {
    CAPTURE(t);
    CHECK(types.count(t) == 1);
  }
  auto restricted = receiver.of_type("member.restricted");
  REQUIRE(restricted.size() == 1);
  CHECK(restricted[0].json()["data"] == nlohmann::json{{"organizationId", 1}, {"memberId", id}});
  auto consent = receiver.of_type("consent.given");
  REQUIRE(consent.size() == 1);
  CHECK(consent[0].json()["data"]["purposeId"] == purpose);
  CHECK(consent[0].json()["data"]["channel"] == "paper");
  auto erased = receiver.of_type("member.erased");
  REQUIRE(erased.size() == 1);
  CHECK(erased[0].json()["data"] == nlohmann::json{{"organizationId", 1}, {"memberId", id}});
}

TEST_CASE(
    "webhooks: a receiver that is down gets the event later with the same webhook-id, or it goes "
    "dead") {
  REQUIRE(crypto::initialize());
  Receiver receiver;
  receiver.set_status(503);
  test_support::RunningApp app(quick_retries());
  Client api(app.port());
  const auto sub = api.subscribe(receiver.url(), {"member.created"});
  const std::string log =
      "/admin/v1/organizations/1/webhooks/" + std::to_string(sub["id"].get<int>()) + "/deliveries";
  api.send("POST", "/api/v1/organizations/1/members", {{"lastName", "Martin"}}, 201);
  REQUIRE(receiver.wait_for(2).size() >= 2);  // tried, failed, tried again after the backoff
  receiver.set_status(200);
  std::vector<Receiver::Seen> seen;
  for (int i = 0; i < 200; ++i) {
    seen = receiver.seen();
    auto page = api.send("GET", log, nullptr, 200);
    if (page["items"][0]["status"] == "delivered") break;
    std::this_thread::sleep_for(50ms);
  }
  auto page = api.send("GET", log, nullptr, 200);
  REQUIRE(page["items"].size() == 1);
  CHECK(page["items"][0]["status"] == "delivered");
  seen = receiver.seen();
  REQUIRE(seen.size() >= 3);
  for (const auto& s : seen) {
    CHECK(s.id == seen[0].id);
    CHECK(verifies(sub["secret"], s));
  }
  const auto detail =
      api.send("GET", log + "/" + std::to_string(page["items"][0]["id"].get<int>()), nullptr, 200);
  CHECK(detail["attemptLog"].size() == seen.size());
  CHECK(detail["attemptLog"][0]["httpStatus"] == 503);
  CHECK(detail["attemptLog"].back()["httpStatus"] == 200);

  // Down for good: after the last attempt the delivery is dead; an admin sends it again.
  receiver.set_status(500);
  api.send("POST", "/api/v1/organizations/1/members", {{"lastName", "Petit"}}, 201);
  nlohmann::json dead;
  for (int i = 0; i < 300; ++i) {
    auto d = api.send("GET", log + "?status=dead", nullptr, 200);
    if (!d["items"].empty()) {
      dead = d["items"][0];
      break;
    }
    std::this_thread::sleep_for(50ms);
  }
  REQUIRE(dead.is_object());
  CHECK(dead["attempts"] == 4);
  CHECK(dead["lastStatus"] == 500);
  CHECK(dead["nextAttemptAt"].is_null());
  receiver.set_status(200);
  const std::string again = log + "/" + std::to_string(dead["id"].get<int>());
  api.send("POST", again + "/redelivery", nullptr, 202);
  for (int i = 0; i < 200 && api.send("GET", again, nullptr, 200)["status"] != "delivered"; ++i)
    std::this_thread::sleep_for(50ms);
  CHECK(api.send("GET", again, nullptr, 200)["status"] == "delivered");
  CHECK(receiver.seen().back().id == dead["webhookId"]);
}

TEST_CASE(
    "webhooks: the outbox survives kill -9 of the server; the restart sends with the same "
    "webhook-id") {
  REQUIRE(crypto::initialize());
  test_support::TempDir dir;
  const std::string storage = dir.file("storage");
  // A free port for the receiver, which is down while the first server runs.
  int receiver_port = 0;
  {
    Receiver probe;
    receiver_port = probe.port();
  }
  const auto start = [&](const std::string& log_file) {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      FILE* out = std::freopen(log_file.c_str(), "w", stderr);
      (void)out;
      unsetenv("APP_SECRET");
      setenv("REGISTRE_WEBHOOK_RETRY_BASE_MS", "200", 1);
      execl(REGISTRE_SERVER_BINARY, REGISTRE_SERVER_BINARY, "--standalone", "--port", "0",
            "--storage", storage.c_str(), "--static-dir",
            REGISTRE_SOURCE_DIR "/tests/fixtures/static-assets", static_cast<char*>(nullptr));
      _exit(127);
    }
    int port = 0;
    const std::regex listening(R"re("listening".*"port":(\d+))re");
    for (int i = 0; i < 200 && port == 0; ++i) {
      std::this_thread::sleep_for(50ms);
      std::ifstream in(log_file);
      std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::smatch m;
      if (std::regex_search(content, m, listening)) port = std::stoi(m[1]);
    }
    REQUIRE(port > 0);
    return std::make_pair(pid, port);
  };

  auto [pid, port] = start(dir.file("first.log"));
  std::string webhook_id;
  {
    Client api(port);
    const auto sub = api.subscribe("http://127.0.0.1:" + std::to_string(receiver_port) + "/hook",
                                   {"member.created"});
    api.send("POST", "/api/v1/organizations/1/members", {{"lastName", "Leroy"}}, 201);
    const std::string log = "/admin/v1/organizations/1/webhooks/" +
                            std::to_string(sub["id"].get<int>()) + "/deliveries";
    auto page = api.send("GET", log, nullptr, 200);
    REQUIRE(page["items"].size() == 1);
    webhook_id = page["items"][0]["webhookId"];
    // Let it fail at least once (connection refused), so the kill lands between attempts.
    for (int i = 0; i < 100 && api.send("GET", log, nullptr, 200)["items"][0]["attempts"] == 0; ++i)
      std::this_thread::sleep_for(50ms);
    CHECK(api.send("GET", log, nullptr, 200)["items"][0]["status"] == "pending");
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status));

  Receiver receiver(receiver_port);
  auto [second, second_port] = start(dir.file("second.log"));
  (void)second_port;
  auto seen = receiver.wait_for(1, 30s);
  kill(second, SIGTERM);
  waitpid(second, &status, 0);
  REQUIRE(seen.size() >= 1);
  CHECK(seen[0].id == webhook_id);
  CHECK(seen[0].json()["type"] == "member.created");
}
