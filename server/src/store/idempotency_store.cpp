#include "store/idempotency_store.hpp"

#include <SQLiteCpp/Statement.h>

#include "store/sqlite_error.hpp"

namespace registre::store {

Result<std::optional<StoredAnswer>> find_idempotent_answer(SQLite::Database& db, const std::string& actor,
                                                           const std::string& key) {
  try {
    SQLite::Statement q(db, "SELECT request_hash, status, response FROM idempotency_keys WHERE actor = ? AND key = ?");
    q.bind(1, actor);
    q.bind(2, key);
    if (!q.executeStep()) return std::optional<StoredAnswer>{};
    return std::optional<StoredAnswer>{
        StoredAnswer{q.getColumn(0).getString(), q.getColumn(1).getInt(), q.getColumn(2).getString()}};
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading an idempotency key");
  }
}

Status save_idempotent_answer(SQLite::Database& db, const std::string& actor, const std::string& key,
                              const StoredAnswer& answer, const std::string& now) {
  try {
    SQLite::Statement insert(db,
                             "INSERT INTO idempotency_keys (actor, key, request_hash, status, "
                             "response, created_at) VALUES (?,?,?,?,?,?)");
    insert.bind(1, actor);
    insert.bind(2, key);
    insert.bind(3, answer.request_hash);
    insert.bind(4, answer.status);
    insert.bind(5, answer.response);
    insert.bind(6, now);
    insert.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "saving an idempotency key");
  }
}

}  // namespace registre::store
