#include "jobs/webhook_sender.hpp"

#include <httplib.h>
#include <sodium.h>

#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "core/log.hpp"
#include "crypto/webhook_signature.hpp"
#include "domain/webhook_event.hpp"
#include "services/host_addresses.hpp"
#include "store/unit_of_work.hpp"
#include "store/webhook_store.hpp"

namespace registre::jobs {
namespace {

using std::chrono::milliseconds;

// The body every subscriber of this delivery receives (Standard Webhooks' type / timestamp / data).
std::string body_of(const store::DueDelivery& d) {
  nlohmann::json data = nlohmann::json::parse(d.payload);
  if (d.scope == "contact" && d.personal) {
    const nlohmann::json personal = nlohmann::json::parse(*d.personal);
    for (const auto& [key, value] : personal.items())
      data[key] = value;
  }
  return nlohmann::json{{"type", d.event_type}, {"timestamp", d.occurred_at}, {"data", data}}
      .dump();
}

struct SendOutcome {
  std::optional<int> http_status;
  std::optional<std::string> error;  // short and technical: never the receiver's body
  bool delivered() const { return http_status && *http_status >= 200 && *http_status < 300; }
};

SendOutcome send_one(const store::DueDelivery& d, const WebhookSenderOptions& options,
                     std::int64_t unix_seconds) {
  std::string reason;
  auto target = domain::parse_webhook_url(d.url, reason);
  if (!target) return {std::nullopt, "invalid target URL"};
  const auto addresses =
      options.resolve ? options.resolve(target->host) : services::host_addresses(target->host);
  if (addresses.empty()) return {std::nullopt, "the target host does not resolve"};
  if (!d.allow_private) {
    // Checked again at each send: a name may have been re-pointed at an internal address since
    // the subscription was saved.
    for (const auto& a : addresses) {
      if (domain::is_non_public_address(a)) {
        return {std::nullopt, "the target resolves to a private or loopback address"};
      }
    }
  }
  auto key = crypto::webhook_secret_key(d.secret);
  if (!key) return {std::nullopt, "the subscription's secret is unusable"};
  const std::string body = body_of(d);
  const std::string timestamp = std::to_string(unix_seconds);
  const bool v6 = target->host.find(':') != std::string::npos;
  const std::string origin = target->scheme + "://" +
                             (v6 ? "[" + target->host + "]" : target->host) + ":" +
                             std::to_string(target->port);
  httplib::Client client(origin);
  client.set_connection_timeout(options.connect_timeout);
  client.set_read_timeout(options.read_timeout);
  client.set_write_timeout(options.read_timeout);
  client.set_follow_location(false);  // a redirect could lead anywhere, past the address check
  // Connect to the address checked above, not to a fresh resolution of the name (TLS still
  // checks the certificate against the name).
  client.set_hostname_addr_map({{target->host, addresses.front()}});
  httplib::Headers headers = {
      {"webhook-id", d.message_id},
      {"webhook-timestamp", timestamp},
      {"webhook-signature", crypto::webhook_signature(*key, d.message_id, timestamp, body)},
      {"User-Agent", options.user_agent},
  };
  auto answer = client.Post(target->path_and_query, headers, body, "application/json");
  if (!answer) return {std::nullopt, "no answer: " + httplib::to_string(answer.error())};
  SendOutcome out{answer->status, std::nullopt};
  if (!out.delivered()) out.error = "HTTP " + std::to_string(answer->status);
  return out;
}

}  // namespace

milliseconds webhook_backoff(const WebhookSenderOptions& options, int attempt) {
  milliseconds delay = options.retry_base;
  for (int i = 1; i < attempt && delay < options.retry_cap; ++i)
    delay *= 2;
  return std::min(delay, options.retry_cap);
}

WebhookSender::WebhookSender(store::Database& database, const Clock& clock,
                             WebhookSenderOptions options)
    : database_(database), clock_(clock), options_(std::move(options)) {}

WebhookSender::~WebhookSender() {
  stop();
}

void WebhookSender::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void WebhookSender::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<std::int64_t> WebhookSender::prune_log() {
  auto lease = database_.acquire();
  if (!lease) return std::move(lease).error();
  const std::string before = format_utc(clock_.now() - options_.log_retention);
  return store::in_write_transaction(lease->db(), "pruning the webhook log",
                                     [&](SQLite::Database& db) {
                                       return store::prune_webhook_log(db, before);
                                     });
}

void WebhookSender::run() {
  auto next_prune = std::chrono::steady_clock::now();
  for (;;) {
    if (std::chrono::steady_clock::now() >= next_prune) {
      next_prune = std::chrono::steady_clock::now() + std::chrono::hours(1);
      auto pruned = prune_log();
      if (!pruned) log::error("webhook log pruning failed", {{"detail", pruned.error().detail}});
      else if (pruned.value() > 0) log::info("webhook log pruned", {{"deliveries", pruned.value()}});
    }
    auto sent = send_due();
    if (!sent) log::error("webhook delivery pass failed", {{"detail", sent.error().detail}});
    std::unique_lock lock(mutex_);
    // A full batch means more may be due: look again at once.
    if (!(sent && sent.value() >= static_cast<std::size_t>(options_.batch))) {
      wake_.wait_for(lock, options_.poll, [this] { return stopping_; });
    }
    if (stopping_) return;
  }
}

Result<std::size_t> WebhookSender::send_due() {
  // The connection is held only to read and to log, never while a receiver takes its time.
  Result<std::vector<store::DueDelivery>> due = std::vector<store::DueDelivery>{};
  {
    auto lease = database_.acquire();
    if (!lease) return std::move(lease).error();
    due = store::due_webhook_deliveries(lease->db(), format_utc(clock_.now()), options_.batch);
  }
  if (!due) return std::move(due).error();
  std::set<std::int64_t> failing;  // subscriptions that failed in this pass
  std::size_t attempted = 0;
  for (const auto& d : due.value()) {
    // The same receiver is most likely still down: leave its other deliveries for later
    // rather than wait for its timeout again and again.
    if (failing.count(d.subscription_id) > 0) continue;
    const TimePoint started = clock_.now();
    const auto unix_seconds =
        std::chrono::duration_cast<std::chrono::seconds>(started.time_since_epoch()).count();
    const SendOutcome outcome = send_one(d, options_, unix_seconds);
    const TimePoint finished = clock_.now();
    ++attempted;
    store::WebhookAttempt attempt;
    attempt.attempted_at = format_utc(started);
    attempt.http_status = outcome.http_status;
    attempt.error = outcome.error;
    attempt.duration_ms = std::max<std::int64_t>(0, (finished - started).count());
    std::optional<std::string> next;
    if (!outcome.delivered()) {
      failing.insert(d.subscription_id);
      const int failed = d.attempts + 1;
      if (failed < options_.max_attempts) {
        // ±20 % jitter, so that deliveries that failed together do not all retry together.
        const auto base = webhook_backoff(options_, failed);
        const double factor = 0.8 + 0.4 * (randombytes_uniform(10001) / 10000.0);
        next =
            format_utc(finished + milliseconds(static_cast<std::int64_t>(base.count() * factor)));
      }
      log::warn("webhook delivery failed", {{"delivery", d.id},
                                            {"subscription", d.subscription_id},
                                            {"attempt", failed},
                                            {"reason", outcome.error.value_or("")},
                                            {"dead", !next.has_value()}});
    }
    auto lease = database_.acquire();
    if (!lease) return std::move(lease).error();
    auto recorded = store::in_write_transaction(
        lease->db(), "logging a webhook attempt", [&](SQLite::Database& db) {
          return store::record_webhook_attempt(db, d.id, attempt, outcome.delivered(), next);
        });
    if (!recorded) return std::move(recorded).error();
  }
  return attempted;
}

}  // namespace registre::jobs
