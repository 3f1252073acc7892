#pragma once
// The notifications_sent table (schema/0014_notifications.sql), and the recent import batches
// that notifications announce.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace registre::store {

struct NotificationKey {
  std::int64_t organization_id = 0;
  std::string kind, object_key, recipient;
};

// True when the notification reached the recipient, or when `max_attempts` failed attempts were
// made (then it is given up): either way it must not be sent again.
Result<bool> notification_settled(SQLite::Database& db, const NotificationKey& key,
                                  int max_attempts);

// Records an attempt: `error` empty means Nextcloud accepted it (sent_at = `at`).
// REQUIRES: a WriteTransaction is open.
Status record_notification_attempt(SQLite::Database& db, const NotificationKey& key,
                                   const std::string& at, const std::string& error);

struct RecentImport {
  std::int64_t id = 0;
  std::string imported_at, imported_by;
  std::int64_t created = 0, updated = 0, unchanged = 0, skipped = 0;
};
// Import batches of the organisation imported at or after `since` (RFC 3339 UTC), oldest first.
Result<std::vector<RecentImport>> imports_since(SQLite::Database& db, std::int64_t organization_id,
                                                const std::string& since);

// Forms applications waiting (created applicants and those needing a review): how many, and the
// newest one's id when it was received at `since` or later (0 when none is that recent).
struct WaitingApplications {
  std::int64_t count = 0;
  std::int64_t newest_recent_id = 0;
};
Result<WaitingApplications> waiting_applications(SQLite::Database& db, std::int64_t organization_id,
                                                 const std::string& since);

}  // namespace registre::store
