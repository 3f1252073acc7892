// Outgoing webhooks end to end below HTTP: the outbox row commits with the change that causes it
// (or not at all), the sender signs and sends it to a real local receiver, retries with backoff
// on an injected clock until the delivery is dead, and a redelivery keeps the webhook-id.
#include "jobs/webhook_sender.hpp"

#include <doctest/doctest.h>
#include <httplib.h>
#include <sodium.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "crypto/member_key_store.hpp"
#include "crypto/sodium.hpp"
#include "services/member_service.hpp"
#include "services/organization_service.hpp"
#include "services/sensitive_values.hpp"
#include "services/webhook_service.hpp"
#include "store/webhook_store.hpp"
#include "test_support/no_directory.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace std::chrono;

namespace {

// A local receiver answering the statuses it is given, in order (then 200), recording requests.
class Receiver {
 public:
  struct Seen {
    std::string id, timestamp, signature, body, content_type;
  };
  Receiver() {
    server_.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      seen_.push_back({req.get_header_value("webhook-id"),
                       req.get_header_value("webhook-timestamp"),
                       req.get_header_value("webhook-signature"), req.body,
                       req.get_header_value("Content-Type")});
      res.status = answers_.empty() ? 200 : answers_.front();
      if (!answers_.empty()) answers_.erase(answers_.begin());
      res.set_content("{}", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the accept loop runs would be missed, and the join would wait forever.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  void answer(std::vector<int> statuses) {
    std::lock_guard lock(mu_);
    answers_ = std::move(statuses);
  }
  std::vector<Seen> seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::vector<int> answers_;
  std::vector<Seen> seen_;
};

// Verifies a Standard Webhooks signature independently of crypto/webhook_signature.cpp: one
// HMAC-SHA256 over the concatenated string.
bool signature_verifies(const std::string& secret, const Receiver::Seen& s) {
  auto key = crypto::base64_decode(secret.substr(6));
  if (!key) return false;
  const std::string signed_text = s.id + "." + s.timestamp + "." + s.body;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key->data()),
                              key->size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(signed_text.data()),
                                signed_text.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return s.signature ==
         "v1," + crypto::base64_encode(std::string_view(reinterpret_cast<char*>(mac), sizeof mac));
}

TimePoint at(int y, unsigned m, unsigned d, int hour_utc) {
  return time_point_cast<milliseconds>(sys_days{year{y} / month{m} / day{d}} + hours{hour_utc});
}

struct Fixture {
  test_support::TempDir dir;
  std::unique_ptr<store::Database> db;
  FixedClock clock{at(2026, 3, 1, 9)};
  test_support::NoGroups groups;
  test_support::NoRoles roles;
  auth::Authorizer authorizer{groups, roles};
  crypto::MemberKeyStore member_keys{":memory:"};
  services::SensitiveValues sensitive{member_keys};
  std::unique_ptr<services::MemberService> members;
  std::unique_ptr<services::WebhookService> webhooks;
  services::RequestInfo admin;
  Receiver receiver;

  Fixture() {
    REQUIRE(crypto::initialize());
    auto opened =
        store::Database::open({dir.file("registre.sqlite3")}, store::embedded_migrations());
    REQUIRE(opened.ok());
    db = std::move(opened).value();
    services::OrganizationService orgs(*db, clock, authorizer);
    REQUIRE(orgs.seed_demo_if_empty().ok());
    members = std::make_unique<services::MemberService>(*db, clock, sensitive);
    webhooks = std::make_unique<services::WebhookService>(*db, clock);
    admin.actor = {auth::Actor::Kind::user, "admin", true};
  }

  store::WebhookSubscription subscribe(std::vector<std::string> events,
                                       std::string scope = "minimal") {
    services::WebhookService::Draft d;
    d.url = receiver.url();
    d.allow_private = true;  // the receiver is on loopback
    d.event_types = std::move(events);
    d.scope = std::move(scope);
    auto s = webhooks->create(admin, 1, d);
    REQUIRE(s.ok());
    return s.value();
  }

  Result<services::MemberService::Created> new_member(const std::string& last_name,
                                                      const std::string& email) {
    domain::MemberChanges c;
    c.last_name = last_name;
    c.first_name = "Ana";
    c.email = email;
    return members->create(admin, 1, c, std::nullopt);
  }

  std::int64_t count(const std::string& table) {
    auto lease = db->acquire();
    REQUIRE(lease.ok());
    return lease->db().execAndGet("SELECT count(*) FROM " + table).getInt64();
  }
};

}  // namespace

TEST_CASE("webhook outbox: written in the transaction of the change, only for subscribers") {
  Fixture f;
  REQUIRE(f.new_member("Sans-Abonné", "a@example.org").ok());
  CHECK(f.count("webhook_outbox") == 0);  // nobody listens: nothing kept

  auto created = f.subscribe({"member.created"});
  auto inactive = f.subscribe({"member.created", "member.updated"});
  services::WebhookService::Draft off;
  off.active = false;
  REQUIRE(f.webhooks->update(f.admin, 1, inactive.id, inactive.version, off).ok());

  REQUIRE(f.new_member("Durand", "d@example.org").ok());
  CHECK(f.count("webhook_outbox") == 1);
  CHECK(f.count("webhook_deliveries") == 1);  // the active subscription only

  // A change that fails writes no event either.
  CHECK_FALSE(f.new_member("Invalide", "not-an-email").ok());
  CHECK(f.count("webhook_outbox") == 1);

  // An event type nobody asked for is not kept.
  auto m = f.new_member("Martin", "m@example.org");
  REQUIRE(m.ok());
  domain::MemberChanges rename;
  rename.city = "Lyon";
  REQUIRE(f.members->update(f.admin, 1, m->member.id, m->member.version, rename).ok());
  CHECK(f.count("webhook_outbox") == 2);
  (void)created;
}

TEST_CASE("webhook sender: signed sends, backoff on the clock, dead letter, redelivery") {
  Fixture f;
  jobs::WebhookSenderOptions options;
  options.retry_base = seconds(30);
  options.max_attempts = 3;
  jobs::WebhookSender sender(*f.db, f.clock, options);
  const auto minimal = f.subscribe({"member.created"});
  const auto contact = f.subscribe({"member.created"}, "contact");
  f.receiver.answer({503, 200});  // the first send fails, the second (other subscription) works
  REQUIRE(f.new_member("Durand", "d@example.org").ok());

  auto sent = sender.send_due();
  REQUIRE(sent.ok());
  CHECK(sent.value() == 2);
  auto seen = f.receiver.seen();
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].id.rfind("msg_", 0) == 0);
  CHECK(seen[0].id == seen[1].id);  // one event, one webhook-id for every subscriber
  CHECK(seen[0].content_type == "application/json");
  CHECK(std::to_string(duration_cast<seconds>(f.clock.now().time_since_epoch()).count()) ==
        seen[0].timestamp);
  // Each subscription's own secret signs its copy; the minimal one carries no e-mail or name.
  const bool first_is_minimal = signature_verifies(minimal.secret, seen[0]);
  const auto& to_minimal = first_is_minimal ? seen[0] : seen[1];
  const auto& to_contact = first_is_minimal ? seen[1] : seen[0];
  CHECK(signature_verifies(minimal.secret, to_minimal));
  CHECK(signature_verifies(contact.secret, to_contact));
  CHECK_FALSE(signature_verifies(contact.secret, to_minimal));
  auto minimal_body = nlohmann::json::parse(to_minimal.body);
  CHECK(minimal_body["type"] == "member.created");
  CHECK(minimal_body["data"]["organizationId"] == 1);
  CHECK(minimal_body["data"].contains("memberId"));
  CHECK(to_minimal.body.find("d@example.org") == std::string::npos);
  CHECK(to_minimal.body.find("Durand") == std::string::npos);
  CHECK(nlohmann::json::parse(to_contact.body)["data"]["email"] == "d@example.org");

  // The failed one waits for its backoff (30 s ± 20 %): nothing is due before 24 s.
  CHECK(sender.send_due().value() == 0);
  f.clock.advance(seconds(23));
  CHECK(sender.send_due().value() == 0);
  f.receiver.answer({500, 500});
  f.clock.advance(seconds(13));  // 36 s: due
  CHECK(sender.send_due().value() == 1);
  f.clock.advance(seconds(73));  // 60 s ± 20 % later: due
  CHECK(sender.send_due().value() == 1);
  f.clock.advance(hours(1));
  CHECK(sender.send_due().value() == 0);  // dead after 3 attempts: never tried again
  seen = f.receiver.seen();
  REQUIRE(seen.size() == 4);
  for (const auto& s : seen)
    CHECK(s.id == seen[0].id);

  store::WebhookDeliveryQuery q;
  q.organization_id = 1;
  q.subscription_id = first_is_minimal ? minimal.id : contact.id;
  auto log = f.webhooks->deliveries(q);
  REQUIRE(log.ok());
  REQUIRE(log->size() == 1);
  CHECK(log->front().status == "dead");
  CHECK(log->front().attempts == 3);
  CHECK(log->front().last_status == 500);
  auto detail = f.webhooks->delivery(1, q.subscription_id, log->front().id);
  REQUIRE(detail.ok());
  REQUIRE(detail->attempts.size() == 3);
  CHECK(detail->attempts[0].http_status == 503);

  // An admin asks again: sent at once, with the same webhook-id.
  auto again = f.webhooks->redeliver(f.admin, 1, q.subscription_id, log->front().id);
  REQUIRE(again.ok());
  CHECK(again->status == "pending");
  CHECK(sender.send_due().value() == 1);
  seen = f.receiver.seen();
  REQUIRE(seen.size() == 5);
  CHECK(seen[4].id == seen[0].id);
  CHECK(f.webhooks->delivery(1, q.subscription_id, log->front().id)->delivery.status ==
        "delivered");
}

TEST_CASE("webhook sender: a loopback target is refused at send time unless allowed") {
  Fixture f;
  jobs::WebhookSender sender(*f.db, f.clock, {});
  auto s = f.subscribe({"member.created"});
  // As if the name had been re-pointed at an internal address after the subscription was saved.
  {
    auto lease = f.db->acquire();
    REQUIRE(lease.ok());
    lease->db().exec("UPDATE webhook_subscriptions SET allow_private = 0");
  }
  REQUIRE(f.new_member("Durand", "d@example.org").ok());
  CHECK(sender.send_due().value() == 1);
  CHECK(f.receiver.seen().empty());
  store::WebhookDeliveryQuery q;
  q.organization_id = 1;
  q.subscription_id = s.id;
  auto log = f.webhooks->deliveries(q);
  REQUIRE(log.ok());
  REQUIRE(log->size() == 1);
  CHECK(log->front().status == "pending");
  CHECK(log->front().last_error.value_or("").find("private or loopback") != std::string::npos);
}

TEST_CASE("webhook sender: connects to the address it checked, never to a second resolution") {
  // A name that DNS does not know (.invalid, RFC 6761), resolved by the sender's resolver to the
  // receiver's loopback address. The send can only arrive if the connection goes to the address
  // the check saw: a second lookup of the name (what a DNS rebinding attack turns from a public
  // address into an internal one between the check and the connect) finds nothing.
  Fixture f;
  std::vector<std::string> asked;
  jobs::WebhookSenderOptions options;
  options.resolve = [&asked](const std::string& host) {
    asked.push_back(host);
    return host == "receiver.invalid" ? std::vector<std::string>{"127.0.0.1"}
                                      : std::vector<std::string>{};
  };
  jobs::WebhookSender sender(*f.db, f.clock, options);
  services::WebhookService::Draft d;
  std::string url = f.receiver.url();
  url.replace(url.find("127.0.0.1"), 9, "receiver.invalid");
  d.url = url;
  d.allow_private = true;  // the pinned address is loopback
  d.event_types = std::vector<std::string>{"member.created"};
  REQUIRE(f.webhooks->create(f.admin, 1, d).ok());
  REQUIRE(f.new_member("Durand", "d@example.org").ok());

  CHECK(sender.send_due().value() == 1);
  CHECK(asked == std::vector<std::string>{"receiver.invalid"});
  CHECK(f.receiver.seen().size() == 1);
}

TEST_CASE(
    "webhook subscriptions refuse private targets, bad events and schemes, naming the field") {
  Fixture f;
  services::WebhookService::Draft d;
  d.url = f.receiver.url();
  d.event_types = std::vector<std::string>{"member.created"};
  auto refused = f.webhooks->create(f.admin, 1, d);
  REQUIRE_FALSE(refused.ok());
  REQUIRE(refused.error().fields.size() == 1);
  CHECK(refused.error().fields[0].field == "url");
  CHECK(refused.error().fields[0].message == "webhook-url-private");
  d.url = "gopher://example.org/";
  d.event_types = std::vector<std::string>{"member.vanished"};
  refused = f.webhooks->create(f.admin, 1, d);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().fields.size() == 2);
  CHECK(f.count("webhook_subscriptions") == 0);
}

TEST_CASE("webhook backoff doubles from the base and stops at the cap") {
  jobs::WebhookSenderOptions o;
  o.retry_base = seconds(30);
  o.retry_cap = minutes(5);
  CHECK(jobs::webhook_backoff(o, 1) == seconds(30));
  CHECK(jobs::webhook_backoff(o, 2) == seconds(60));
  CHECK(jobs::webhook_backoff(o, 4) == seconds(240));
  CHECK(jobs::webhook_backoff(o, 5) == minutes(5));
  CHECK(jobs::webhook_backoff(o, 30) == minutes(5));
}

TEST_CASE("webhook log: personal parts go once delivered; finished deliveries go after 30 days") {
  Fixture f;
  jobs::WebhookSender sender(*f.db, f.clock, {});
  f.subscribe({"member.created"}, "contact");
  REQUIRE(f.new_member("Durand", "d@example.org").ok());
  const auto personal_kept = [&f] {
    auto lease = f.db->acquire();
    REQUIRE(lease.ok());
    return lease->db().execAndGet("SELECT count(*) FROM webhook_outbox WHERE personal IS NOT NULL").getInt64();
  };
  CHECK(personal_kept() == 1);
  CHECK(sender.prune_log().value() == 0);
  CHECK(personal_kept() == 1);  // not sent yet: still needed
  CHECK(sender.send_due().value() == 1);
  CHECK(sender.prune_log().value() == 0);
  CHECK(personal_kept() == 0);  // delivered: the contact data is no longer kept
  CHECK(f.count("webhook_deliveries") == 1);
  f.clock.advance(hours(24 * 31));
  CHECK(sender.prune_log().value() == 1);
  CHECK(f.count("webhook_deliveries") == 0);
  CHECK(f.count("webhook_attempts") == 0);
  CHECK(f.count("webhook_outbox") == 0);
}
