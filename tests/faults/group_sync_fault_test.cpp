// kill -9 during a Nextcloud group sync. A run (services/group_sync_service.cpp) reads the
// register, then calls Nextcloud's provisioning API for the diff (create, add, remove) with no
// transaction open, auditing each change as Nextcloud answers it, and only then records the
// report and the group's fingerprint in one transaction. Killed in the middle of the adds, it
// leaves Nextcloud half done, the answered changes audited and no run record; the sync job's first
// tick after the restart reads the group again and adds exactly what is missing. Checked: the file
// is sound, the group ends up exactly as the register wants it, no account is added twice except
// the one call in flight, and one run is recorded.
//
// The fake Nextcloud (tests/fakes) answers from captured traffic and keeps no group state, so a
// small front in this test keeps the group's members, answers the provisioning calls with the
// captured records' bodies (provisioning.jsonl 11, 14, 15, 17, 19) and holds one add open until
// the kill; every other call goes through to the fake.
#include <doctest/doctest.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "crypto/sodium.hpp"
#include "fakes/fake_nextcloud.hpp"
#include "faults/fault_support.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace registre::faults;
using fakes::FakeNextcloud;

namespace {

constexpr const char* kProvisioning = "provisioning.jsonl";
const std::string kGroup = "registre-team";
const std::string kSync = "/admin/v1/organizations/1/group-sync";
constexpr int kAccounts = 30;
constexpr int kHoldAdd = 12;  // the add call held open until the kill

std::string account(int i) {
  return std::string("u") + (i < 10 ? "0" : "") + std::to_string(i);
}

class GroupFront {
 public:
  explicit GroupFront(FakeNextcloud& nextcloud) : nextcloud_(nextcloud) {
    server_.set_payload_max_length(1 << 20);
    server_.Get(".*", [this](const auto& req, auto& res) { handle(req, res); });
    server_.Post(".*", [this](const auto& req, auto& res) { handle(req, res); });
    server_.Put(".*", [this](const auto& req, auto& res) { handle(req, res); });
    server_.Delete(".*", [this](const auto& req, auto& res) { handle(req, res); });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~GroupFront() {
    release();
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  bool wait_held() {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::seconds(30), [this] { return held_; });
  }
  void release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }
  std::set<std::string> members() const {
    std::lock_guard lock(mutex_);
    return members_;
  }
  std::map<std::string, int> add_calls() const {
    std::lock_guard lock(mutex_);
    return add_calls_;
  }
  int create_calls() const {
    std::lock_guard lock(mutex_);
    return create_calls_;
  }
  std::string held_account() const {
    std::lock_guard lock(mutex_);
    return held_account_;
  }

 private:
  static void answer(httplib::Response& res, int seq) {
    const auto e = fakes::find_exchange(kProvisioning, seq);
    res.status = e.status;
    res.set_content(e.response_body.value_or(""), "application/json; charset=utf-8");
  }

  void handle(const httplib::Request& req, httplib::Response& res) {
    const std::string users_path = "/ocs/v2.php/cloud/groups/" + kGroup + "/users";
    const std::string user_groups = "/ocs/v2.php/cloud/users/";
    if (req.method == "GET" && req.path == users_path) {
      std::unique_lock lock(mutex_);
      if (!group_exists_) return answer(res, 19);  // 404: no such group
      auto e = fakes::find_exchange(kProvisioning, 15);
      nlohmann::json body = nlohmann::json::parse(e.response_body.value());
      body["ocs"]["data"]["users"] = nlohmann::json(members_);
      res.status = e.status;
      res.set_content(body.dump(), "application/json; charset=utf-8");
      return;
    }
    if (req.method == "POST" && req.path == "/ocs/v2.php/cloud/groups") {
      std::unique_lock lock(mutex_);
      ++create_calls_;
      group_exists_ = true;
      return answer(res, 11);
    }
    if (req.path.rfind(user_groups, 0) == 0 && req.path.size() > user_groups.size() + 7 &&
        req.path.substr(req.path.size() - 7) == "/groups" &&
        (req.method == "POST" || req.method == "DELETE")) {
      const std::string uid =
          req.path.substr(user_groups.size(), req.path.size() - user_groups.size() - 7);
      std::unique_lock lock(mutex_);
      if (req.method == "DELETE") {
        members_.erase(uid);
        return answer(res, 17);
      }
      const int n = ++adds_;
      ++add_calls_[uid];
      if (n == kHoldAdd) {
        // Nextcloud has taken the call and will finish it; the app is killed before the answer.
        held_ = true;
        held_account_ = uid;
        changed_.notify_all();
        changed_.wait(lock, [this] { return released_; });
      }
      members_.insert(uid);
      return answer(res, 14);
    }
    // Everything else: the fake Nextcloud, as is.
    httplib::Client fake("127.0.0.1", nextcloud_.port());
    fake.set_read_timeout(30, 0);
    httplib::Headers headers = req.headers;
    headers.erase("Host");
    headers.erase("Content-Length");
    const std::string target = req.target.empty() ? req.path : req.target;
    httplib::Result r =
        req.method == "GET" ? fake.Get(target, headers)
        : req.method == "POST"
            ? fake.Post(target, headers, req.body, req.get_header_value("Content-Type"))
        : req.method == "PUT"
            ? fake.Put(target, headers, req.body, req.get_header_value("Content-Type"))
            : fake.Delete(target, headers);
    if (!r) {
      res.status = 502;
      return;
    }
    res.status = r->status;
    res.set_content(r->body, r->get_header_value("Content-Type"));
  }

  FakeNextcloud& nextcloud_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool group_exists_ = false;
  std::set<std::string> members_;
  std::map<std::string, int> add_calls_;
  int adds_ = 0, create_calls_ = 0;
  bool held_ = false, released_ = false;
  std::string held_account_;
};

ChildOptions nextcloud_mode(const test_support::TempDir& dir, const GroupFront& front) {
  ChildOptions o = child_options(dir);
  o.standalone = false;
  o.env = {{"APP_ID", "registre"},
           {"APP_VERSION", "0.1.0"},
           {"APP_SECRET", FakeNextcloud::kSecret},
           {"AA_VERSION", "32.0.0"},
           {"NEXTCLOUD_URL", front.url()}};
  return o;
}

nlohmann::json send(FakeNextcloud& nc, const std::string& method, const std::string& path,
                    const nlohmann::json& body, int expected) {
  auto a = body.is_null() ? nc.proxy(method, path, "admin")
                          : nc.proxy(method, path, "admin", body.dump(), "application/json");
  REQUIRE_MESSAGE(a.status == expected,
                  method << " " << path << " -> " << a.status << " " << a.body.substr(0, 300));
  return a.body.empty() ? nlohmann::json() : nlohmann::json::parse(a.body);
}

}  // namespace

TEST_CASE(
    "faults: kill -9 during a group sync: the restart completes the group, nothing added "
    "twice but the call in flight") {
  REQUIRE(crypto::initialize());
  test_support::TempDir dir;
  FakeNextcloud nextcloud;
  // admin is a Nextcloud administrator: its groups are ["admin"] (seq 9).
  nextcloud.answer_with("GET", "/ocs/v2.php/cloud/users/admin/groups", 9, kProvisioning);
  GroupFront front(nextcloud);
  const ChildOptions options = nextcloud_mode(dir, front);

  std::int64_t added_before_kill = 0;
  {
    ChildServer server(options);
    nextcloud.set_app("127.0.0.1", server.port());
    send(nextcloud, "POST", "/admin/v1/organizations", {{"slug", "amis"}, {"name", "Les Amis"}},
         201);
    const std::int64_t lifetime =
        send(nextcloud, "POST", kOrg + "/membership-types",
             {{"name", "Membre à vie"}, {"period", "lifetime"}, {"amountCents", 0}}, 201)["id"];
    for (int i = 0; i < kAccounts; ++i) {
      const std::int64_t id = send(nextcloud, "POST", kOrg + "/members",
                                   {{"lastName", "Membre" + std::to_string(i)},
                                    {"admittedOn", "2020-01-01"},
                                    {"nextcloudUser", account(i)}},
                                   201)["id"];
      send(nextcloud, "POST", kOrg + "/members/" + std::to_string(id) + "/memberships",
           {{"typeId", lifetime}, {"startsOn", "2020-01-01"}, {"paidOn", "2020-01-01"}}, 201);
    }
    const std::int64_t group = send(nextcloud, "POST", kSync + "/groups",
                                    {{"kind", "active_members"}, {"groupId", kGroup}}, 201)["id"];
    send(nextcloud, "POST", kSync + "/preview", nullptr, 200);
    // Confirming queues the first sync at once; the front holds its 12th add open.
    send(nextcloud, "POST", kSync + "/groups/" + std::to_string(group) + "/confirmation", nullptr,
         200);
    REQUIRE(front.wait_held());
    added_before_kill = static_cast<std::int64_t>(front.members().size());
    server.kill9();
  }
  front.release();  // Nextcloud finishes the held add; nobody reads its answer
  {
    DatabaseFile db(options.storage_dir);
    CHECK(db.integrity_check() == "ok");
    CHECK(db.count("SELECT count(*) FROM group_sync_runs") == 0);
    // Each change was audited as Nextcloud made it: the group's creation and the adds answered
    // before the kill are in the log; the held one is not (its answer never came).
    CHECK(db.count("SELECT count(*) FROM audit_log WHERE action = 'group_sync.group_created'") ==
          1);
    CHECK(db.count("SELECT count(*) FROM audit_log WHERE action = 'group_sync.user_added'") ==
          kHoldAdd - 1);
  }

  ChildServer server(options);
  nextcloud.set_app("127.0.0.1", server.port());
  DatabaseFile db(options.storage_dir);
  // The sync job's first tick, at start, runs the group: it was never recorded as synced.
  REQUIRE_MESSAGE(wait_until([&] { return db.count("SELECT count(*) FROM group_sync_runs") >= 1; },
                             std::chrono::seconds(30)),
                  tail_of(options.log_path));
  CHECK(db.integrity_check() == "ok");

  std::set<std::string> wanted;
  for (int i = 0; i < kAccounts; ++i)
    wanted.insert(account(i));
  CHECK(front.members() == wanted);
  const auto calls = front.add_calls();
  std::int64_t duplicates = 0;
  for (const auto& uid : wanted) {
    const auto it = calls.find(uid);
    REQUIRE_MESSAGE(it != calls.end(), uid << " was never added");
    if (it->second > 1) {
      duplicates += it->second - 1;
      CHECK_MESSAGE(uid == front.held_account(), uid << " added " << it->second << " times");
    }
  }
  CHECK(duplicates <= 1);
  CHECK(front.create_calls() == 1);  // the group existed at the restart: not created again
  const std::int64_t audited =
      db.count("SELECT count(*) FROM audit_log WHERE action = 'group_sync.user_added'");
  // No account audited twice, and every add audited but, at most, the one in flight at the kill
  // (when Nextcloud had made it, the restart had nothing left to do for that account).
  CHECK(db.count("SELECT count(DISTINCT subject) FROM audit_log"
                 " WHERE action = 'group_sync.user_added'") == audited);
  CHECK(audited >= kAccounts - 1);
  const auto run = send(nextcloud, "GET", kSync + "/runs", nullptr, 200)["items"][0];
  CHECK(run["errorCount"] == 0);
  CHECK(run["groups"][0]["added"] == audited - (kHoldAdd - 1));
  CHECK(db.count("SELECT count(*) FROM group_sync_groups WHERE synced_hash IS NOT NULL") == 1);
  MESSAGE("group sync: killed with add " << kHoldAdd << " of " << kAccounts << " in flight ("
                                         << added_before_kill << " in the group); after the "
                                         << "restart " << run["groups"][0]["added"] << " adds, "
                                         << duplicates
                                         << " duplicate; adds audited in all: " << audited);
}
