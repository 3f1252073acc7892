#pragma once
// Sends the outbox's webhook deliveries (Standard Webhooks) from its own thread, so that a slow or
// hanging receiver never holds up the job runner or a request. At-least-once: a delivery stays
// pending until a receiver answers 2xx, so a crash in the middle of a send resends it after a
// restart with the same webhook-id (receivers deduplicate on it). Failures are retried with
// exponential backoff and jitter, up to a maximum number of attempts, then the delivery is dead
// (kept, visible in the log, and redeliverable by an admin).

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace registre::jobs {

struct WebhookSenderOptions {
  std::chrono::milliseconds retry_base{std::chrono::seconds(30)};  // first retry after ~30 s
  std::chrono::milliseconds retry_cap{std::chrono::hours(6)};      // never more than 6 h apart
  int max_attempts = 12;  // 30 s, 1, 2, 4 ... min, capped: the last try ~14.5 h after the event
  std::chrono::seconds connect_timeout{5};
  std::chrono::seconds read_timeout{10};
  std::chrono::milliseconds poll{1000};  // how often the outbox is looked at
  int batch = 20;
  // Finished deliveries and their attempts are kept this long in the log, then removed.
  std::chrono::hours log_retention{24 * 30};
  std::string user_agent = "Registre";
  // The addresses a target's host resolves to (services::host_addresses when empty). The send
  // connects to the first one, the very address the non-public check accepted: resolving the
  // name again to connect would let a DNS answer that changes between the two (rebinding) lead
  // the request to a loopback or internal address. Tests give names that DNS does not know.
  std::function<std::vector<std::string>(const std::string& host)> resolve;
};

// The delay before attempt number `attempt` + 1, after `attempt` failed ones (from 1), without
// jitter: base × 2^(attempt−1), capped.
std::chrono::milliseconds webhook_backoff(const WebhookSenderOptions& options, int attempt);

class WebhookSender {
 public:
  WebhookSender(store::Database& database, const Clock& clock, WebhookSenderOptions options);
  ~WebhookSender();  // stop()s
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  void start();
  void stop();  // lets a send in progress finish (bounded by the timeouts), then joins

  // One pass over what is due now. Returns how many deliveries were attempted. Used by the
  // thread, and by tests that run without it.
  Result<std::size_t> send_due();

  // Removes what the log no longer needs (store::prune_webhook_log). Run hourly by the thread.
  Result<std::int64_t> prune_log();

 private:
  void run();

  store::Database& database_;
  const Clock& clock_;
  WebhookSenderOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace registre::jobs
