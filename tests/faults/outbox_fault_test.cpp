// kill -9 during an outbox delivery. The webhook sender (jobs/webhook_sender.cpp) posts one
// delivery at a time and records its outcome in its own transaction only once the receiver has
// answered. The receiver here holds one request open and the server is killed while it waits:
// that delivery is "in flight", received but not recorded. After the restart every event must
// arrive, the one in flight again with the same webhook-id and body (at-least-once, stable id),
// and nothing else twice.
#include <doctest/doctest.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "crypto/sodium.hpp"
#include "faults/fault_support.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace registre::faults;

namespace {

constexpr int kEvents = 60;
constexpr int kHoldArrival = 25;  // the arrival the receiver keeps open until the kill

// A Standard Webhooks receiver on a loopback port that records every arrival.
class Receiver {
 public:
  Receiver() {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::unique_lock lock(mutex_);
      arrivals_.push_back({req.get_header_value("webhook-id"), req.body});
      changed_.notify_all();
      if (arrivals_.size() == kHoldArrival) {
        held_ = true;
        changed_.notify_all();
        changed_.wait(lock, [this] { return released_; });
      }
      res.status = 204;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Receiver() {
    release();
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  bool wait_held() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(30), [this] { return held_; });
  }
  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }
  // Waits until `distinct` different webhook-ids have arrived.
  bool wait_distinct(std::size_t distinct) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(30),
                             [&] { return by_id_locked().size() >= distinct; });
  }
  std::vector<std::pair<std::string, std::string>> arrivals() const {
    std::lock_guard lock(mutex_);
    return arrivals_;
  }
  std::map<std::string, std::vector<std::string>> by_id() const {
    std::lock_guard lock(mutex_);
    return by_id_locked();
  }

 private:
  std::map<std::string, std::vector<std::string>> by_id_locked() const {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [id, body] : arrivals_)
      out[id].push_back(body);
    return out;
  }
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::pair<std::string, std::string>> arrivals_;  // webhook-id, body
  bool held_ = false, released_ = false;
};

}  // namespace

TEST_CASE(
    "faults: kill -9 during a webhook delivery: every event arrives, only the one in flight "
    "twice, with the same id") {
  REQUIRE(crypto::initialize());
  test_support::TempDir dir;
  ChildOptions options = child_options(dir);
  options.extra_args = {"--webhook-retry-base-ms", "200"};
  Receiver receiver;

  std::string in_flight;
  {
    ChildServer server(options);
    auto http = server.client();
    expect(http, "POST", "/admin/v1/organizations/1/webhooks",
           {{"url", receiver.url()},
            {"events", {"member.created"}},
            {"scope", "minimal"},
            {"allowPrivateTargets", true}},
           201);
    for (int i = 0; i < kEvents; ++i) {
      expect(http, "POST", kOrg + "/members",
             {{"firstName", "Prénom"}, {"lastName", "Nom" + std::to_string(i)}}, 201);
    }
    REQUIRE(receiver.wait_held());
    in_flight = receiver.arrivals().back().first;
    server.kill9();
  }
  receiver.release();  // its answer now goes to a dead connection
  {
    DatabaseFile db(options.storage_dir);
    CHECK(db.integrity_check() == "ok");
    CHECK(db.count("SELECT count(*) FROM webhook_outbox") == kEvents);
    // Everything before the held delivery was recorded; the held one was not.
    CHECK(db.count("SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'") ==
          kHoldArrival - 1);
  }

  ChildServer server(options);
  REQUIRE(receiver.wait_distinct(kEvents));
  DatabaseFile db(options.storage_dir);
  REQUIRE(wait_until([&] {
    return db.count("SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'") ==
           kEvents;
  }));
  CHECK(db.integrity_check() == "ok");

  const auto by_id = receiver.by_id();
  CHECK(by_id.size() == kEvents);
  std::size_t duplicates = 0;
  for (const auto& entry : by_id) {
    // Named copies, not structured bindings: clang 14 cannot capture those in doctest's lambdas.
    const auto& id = entry.first;
    const auto& bodies = entry.second;
    CHECK(id.rfind("msg_", 0) == 0);
    if (bodies.size() > 1) {
      duplicates += bodies.size() - 1;
      CHECK_MESSAGE(id == in_flight, "a delivery already acknowledged came again: " << id);
      for (const auto& b : bodies)
        CHECK(b == bodies.front());  // the same event, the same body
    }
  }
  CHECK(duplicates == 1);  // exactly the one that was in flight
  MESSAGE("outbox: " << kEvents << " events, killed with arrival " << kHoldArrival << " in flight, "
                     << receiver.arrivals().size() << " arrivals, " << duplicates << " duplicate");
}
