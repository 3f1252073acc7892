#pragma once
// Tells an organisation's managers, through Nextcloud's notifications, what needs them: data-
// subject requests nearing their deadline, memberships due for renewal, retention work ahead and
// done, imports finished. A periodic job calls run(); each notification reaches each recipient
// once (the notifications_sent table survives restarts), and a failed send is retried at the next
// run, up to kMaxAttempts times.
//
// Sources: each kind of notification is one function (NotificationSource) that reads what is due
// in one organisation; add_source() adds a kind (e.g. Forms applications waiting) without touching
// the rest.
//
// Recipients: the Nextcloud users holding the manager role in the organisation, directly or
// through a group grant (the group's members are asked from Nextcloud, as the administrator who
// made the grant). Nextcloud administrators without a manager grant are not notified.
//
// Delivery is at-least-once: a crash between Nextcloud's answer and the row that records it sends
// that one notification again at the next run.

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/notification.hpp"
#include "store/database.hpp"

namespace registre::services {

class DuesService;

// How notifications leave (nextcloud/app_api_notifications.hpp in production, a fake in tests).
class NotificationChannel {
 public:
  virtual ~NotificationChannel() = default;
  // Sends `body` (domain::notification_body) to Nextcloud user `recipient`. true: delivered;
  // false: Nextcloud answered with a failure (tried again at the next run). An error means
  // Nextcloud is unreachable or refused the app's credentials: the run stops there.
  virtual Result<bool> send(const std::string& recipient, const nlohmann::json& body) = 0;
  // The users of Nextcloud group `group_id`, asked as `admin_user`.
  virtual Result<std::vector<std::string>> group_members(const std::string& group_id,
                                                         const std::string& admin_user) = 0;
};

struct NotificationSourceContext {
  std::int64_t organization_id = 0;
  domain::Date today;  // in the organisation's time zone
  TimePoint now;
};
using NotificationSource = std::function<Result<std::vector<domain::DueNotification>>(
    SQLite::Database& db, const NotificationSourceContext& context)>;

struct NotificationOptions {
  std::string nextcloud_url;  // for the links
  std::string app_id = "registre";
  std::string language = "fr";                // REGISTRE_LANGUAGE: the texts' language
  int request_days_ahead = 7;                 // requests due within a week (overdue included)
  int renewal_days_ahead = 30;                // the renewal report's window
  std::chrono::hours notice_max_age{24 * 7};  // older retention notices are not pushed
  std::chrono::hours import_max_age{24};      // older imports are not announced
};

struct NotificationRunReport {
  std::size_t sent = 0;
  std::size_t failed = 0;
  bool stopped = false;  // Nextcloud unreachable or refused the credentials
};

class NotificationService {
 public:
  static constexpr int kMaxAttempts = 5;

  NotificationService(store::Database& db, const Clock& clock, NotificationChannel& channel,
                      NotificationOptions options);

  void add_source(std::string name, NotificationSource source);

  // One pass over every organisation that is not archived. Passes never overlap.
  Result<NotificationRunReport> run();

 private:
  Result<std::vector<std::string>> managers_of(SQLite::Database& db, std::int64_t organization_id);

  store::Database& db_;
  const Clock& clock_;
  NotificationChannel& channel_;
  NotificationOptions options_;
  std::vector<std::pair<std::string, NotificationSource>> sources_;
  std::mutex running_;
};

// The built-in sources.
NotificationSource subject_requests_source(int days_ahead);
NotificationSource renewals_source(DuesService& dues, int days_ahead);
NotificationSource retention_notices_source(std::chrono::hours max_age);
NotificationSource imports_source(std::chrono::hours max_age);

// Adds the four built-in sources with `options`' windows.
void add_builtin_sources(NotificationService& service, DuesService& dues,
                         const NotificationOptions& options);

}  // namespace registre::services
