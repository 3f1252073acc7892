#pragma once
// The AppAPI lifecycle (NEXTCLOUD.md §2): init in the background with progress reports, then
// enable / disable. While Nextcloud handles our progress=100 report it calls us back (heartbeat,
// then PUT /enabled), so the report is sent from the job thread and HTTP threads stay free.

#include <atomic>
#include <functional>
#include <mutex>
#include <string>

#include "core/result.hpp"
#include "jobs/job_runner.hpp"
#include "nextcloud/ocs_client.hpp"
#include "nextcloud/ui_registration.hpp"

namespace registre::nextcloud {

// A step of the init work: returns an error message to report, or ok.
using InitCheck = std::function<Status()>;

class Lifecycle {
 public:
  Lifecycle(OcsClient& client, jobs::JobRunner& runner, UiTexts texts, InitCheck check)
      : client_(client), runner_(runner), texts_(std::move(texts)), check_(std::move(check)) {}

  // POST /init: queues the init job unless one is queued or running. Returns at once.
  void start_init();

  // PUT /enabled: registers (on) or removes (off) the UI and the webhooks
  // (webhook_registration.hpp). The error text, if any, is what the app answers in
  // {"error": ...}; Nextcloud then keeps the app disabled.
  Status set_enabled(bool on);

  // False after a failed init: the app then refuses API requests (503) until an init succeeds,
  // because Nextcloud leaves an app whose init failed listed as enabled.
  bool healthy() const { return healthy_; }
  bool enabled() const { return enabled_; }

 private:
  void run_init();
  Status report(int progress, const std::string& error = {});

  OcsClient& client_;
  jobs::JobRunner& runner_;
  UiTexts texts_;
  InitCheck check_;
  std::atomic<bool> init_pending_{false};
  std::atomic<bool> healthy_{true};
  std::atomic<bool> enabled_{false};
  std::mutex enable_mutex_;  // enable and disable never interleave
};

}  // namespace registre::nextcloud
