#include "store/notification_store.hpp"

#include <SQLiteCpp/Statement.h>

#include "store/sqlite_error.hpp"

namespace registre::store {

Result<bool> notification_settled(SQLite::Database& db, const NotificationKey& key,
                                  int max_attempts) {
  try {
    SQLite::Statement q(
        db,
        "SELECT sent_at IS NOT NULL OR attempts >= ? FROM notifications_sent"
        " WHERE organization_id = ? AND kind = ? AND object_key = ? AND recipient = ?");
    q.bind(1, max_attempts);
    q.bind(2, key.organization_id);
    q.bind(3, key.kind);
    q.bind(4, key.object_key);
    q.bind(5, key.recipient);
    if (!q.executeStep()) return false;
    return q.getColumn(0).getInt() != 0;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading sent notifications");
  }
}

Status record_notification_attempt(SQLite::Database& db, const NotificationKey& key,
                                   const std::string& at, const std::string& error) {
  try {
    SQLite::Statement q(
        db,
        "INSERT INTO notifications_sent (organization_id, kind, object_key, recipient, sent_at,"
        " attempts, last_attempt_at, last_error) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7)"
        " ON CONFLICT (organization_id, kind, object_key, recipient) DO UPDATE SET"
        " sent_at = coalesce(sent_at, excluded.sent_at), attempts = attempts + 1,"
        " last_attempt_at = excluded.last_attempt_at, last_error = excluded.last_error");
    q.bind(1, key.organization_id);
    q.bind(2, key.kind);
    q.bind(3, key.object_key);
    q.bind(4, key.recipient);
    if (error.empty())
      q.bind(5, at);
    else
      q.bind(5);
    q.bind(6, at);
    if (error.empty())
      q.bind(7);
    else
      q.bind(7, error);
    q.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "recording a notification");
  }
}

Result<std::vector<RecentImport>> imports_since(SQLite::Database& db, std::int64_t organization_id,
                                                const std::string& since) {
  try {
    SQLite::Statement q(db,
                        "SELECT id, imported_at, imported_by, created, updated, unchanged, skipped"
                        " FROM import_batches WHERE organization_id = ? AND imported_at >= ?"
                        " ORDER BY id");
    q.bind(1, organization_id);
    q.bind(2, since);
    std::vector<RecentImport> out;
    while (q.executeStep()) {
      RecentImport r;
      r.id = q.getColumn(0).getInt64();
      r.imported_at = q.getColumn(1).getString();
      r.imported_by = q.getColumn(2).getString();
      r.created = q.getColumn(3).getInt64();
      r.updated = q.getColumn(4).getInt64();
      r.unchanged = q.getColumn(5).getInt64();
      r.skipped = q.getColumn(6).getInt64();
      out.push_back(std::move(r));
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing recent imports");
  }
}

Result<WaitingApplications> waiting_applications(SQLite::Database& db, std::int64_t organization_id,
                                                 const std::string& since) {
  try {
    SQLite::Statement q(db,
                        "SELECT count(*), coalesce(max(CASE WHEN created_at >= ? THEN id END), 0)"
                        " FROM applications WHERE organization_id = ?"
                        " AND status IN ('created', 'needs_review')");
    q.bind(1, since);
    q.bind(2, organization_id);
    q.executeStep();
    return WaitingApplications{q.getColumn(0).getInt64(), q.getColumn(1).getInt64()};
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "counting waiting applications");
  }
}

}  // namespace registre::store
