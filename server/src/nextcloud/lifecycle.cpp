#include "nextcloud/lifecycle.hpp"

#include "core/log.hpp"
#include "nextcloud/webhook_registration.hpp"

namespace registre::nextcloud {

void Lifecycle::start_init() {
  if (init_pending_.exchange(true)) {
    log::info("init already in progress");
    return;
  }
  if (!runner_.enqueue("init", [this] { run_init(); })) init_pending_ = false;
}

Status Lifecycle::report(int progress, const std::string& error) {
  nlohmann::json body = {{"progress", progress}};
  if (!error.empty()) body["error"] = error;
  auto response = client_.call("PUT", "/ocs/v1.php/apps/app_api/ex-app/status", &body);
  if (!response) return std::move(response).error();
  if (!response->ok()) {
    return make_error(ErrorKind::upstream, "upstream",
                      "Nextcloud refused the progress report (OCS status " +
                          std::to_string(response->ocs_status) + ")");
  }
  return ok_status();
}

void Lifecycle::run_init() {
  struct ClearPending {
    std::atomic<bool>& flag;
    ~ClearPending() { flag = false; }
  } clear{init_pending_};

  log::info("init started");
  if (auto s = report(0); !s) {
    log::error("init: progress report failed", {{"detail", s.error().detail}});
    return;
  }
  // The storage and schema were set up before the server listened; init re-checks that they are
  // still sound, so that Nextcloud shows a clear error instead of an app that fails later.
  Status check = check_ ? check_() : ok_status();
  if (!check) {
    healthy_ = false;
    const std::string message = "Registre cannot start: " + check.error().detail;
    log::error("init failed", {{"detail", check.error().detail}});
    if (auto s = report(50, message); !s) {
      log::error("init: error report failed", {{"detail", s.error().detail}});
    }
    return;
  }
  healthy_ = true;
  if (auto s = report(50); !s) {
    log::error("init: progress report failed", {{"detail", s.error().detail}});
    return;
  }
  // At 100 Nextcloud calls us back (heartbeat, then PUT /enabled?enabled=1) before answering.
  if (auto s = report(100); !s) {
    log::error("init: final progress report failed", {{"detail", s.error().detail}});
    return;
  }
  log::info("init finished");
}

Status Lifecycle::set_enabled(bool on) {
  std::lock_guard lock(enable_mutex_);
  if (on && !healthy_) {
    return make_error(ErrorKind::unavailable, "unavailable",
                      "Registre is not healthy (its init failed); see its log");
  }
  Status result = on ? register_ui(client_, texts_) : unregister_ui(client_);
  // Webhooks after the UI: an enable that cannot register them (Nextcloud failing, not merely
  // Forms or webhook_listeners missing, which reconcile_webhooks logs and accepts) fails like a
  // UI registration would. A disable removes them even when the UI removal failed.
  if (on && result) {
    auto webhooks = reconcile_webhooks(client_, wanted_webhook_events());
    if (!webhooks) result = std::move(webhooks).error();
  } else if (!on) {
    Status removed = remove_webhooks(client_);
    if (result && !removed) result = removed;
  }
  if (result) enabled_ = on;
  else if (!on) enabled_ = false;  // disabled in Nextcloud whatever we could remove
  return result;
}

}  // namespace registre::nextcloud
