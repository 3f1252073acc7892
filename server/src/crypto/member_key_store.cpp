#include "crypto/member_key_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sodium.h>
#include <sys/stat.h>

#include <cstring>
#include <filesystem>

namespace registre::crypto {
namespace fs = std::filesystem;
MemberKeyStore::MemberKeyStore(std::string storage_dir) : storage_dir_(std::move(storage_dir)) {}

MemberKeyStore::~MemberKeyStore() = default;

std::string MemberKeyStore::file_path() const {
  if (storage_dir_ == ":memory:") return ":memory:";
  return (fs::path(storage_dir_) / "keys" / "member-keys.db").string();
}

Result<SQLite::Database*> MemberKeyStore::open() {
  if (db_) return db_.get();
  try {
    const std::string path = file_path();
    if (path != ":memory:") {
      const fs::path dir = fs::path(path).parent_path();
      std::error_code ec;
      fs::create_directories(dir, ec);
      if (ec) return unavailable_error("cannot create " + dir.string() + ": " + ec.message());
      ::chmod(dir.c_str(), 0700);
    }
    auto db =
        std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    if (path != ":memory:") ::chmod(path.c_str(), 0600);
    db->exec("PRAGMA secure_delete = ON");
    db->exec("PRAGMA journal_mode = WAL");
    db->exec(
        "PRAGMA synchronous = FULL");  // a key is worth an fsync: sealed data without it is lost
    db->exec(
        "CREATE TABLE IF NOT EXISTS member_keys ("
        " pseudonym TEXT PRIMARY KEY CHECK (length(pseudonym) BETWEEN 1 AND 64),"
        " key BLOB NOT NULL CHECK (length(key) = 32)"
        ") STRICT");
    db_ = std::move(db);
    return db_.get();
  } catch (const SQLite::Exception& e) {
    return unavailable_error(std::string("cannot open the member key store: ") + e.what());
  }
}

Result<std::optional<MemberKey>> MemberKeyStore::key_of(const std::string& pseudonym, bool create) {
  std::lock_guard lock(mutex_);
  auto db = open();
  if (!db) return std::move(db).error();
  try {
    SQLite::Statement q(*db.value(), "SELECT key FROM member_keys WHERE pseudonym = ?");
    q.bind(1, pseudonym);
    if (q.executeStep()) {
      const auto column = q.getColumn(0);
      MemberKey key{};
      if (column.getBytes() != static_cast<int>(key.size()))
        return unavailable_error("a member key is damaged");
      std::memcpy(key.data(), column.getBlob(), key.size());
      return std::optional<MemberKey>(key);
    }
    if (!create) return std::optional<MemberKey>();
    MemberKey key{};
    randombytes_buf(key.data(), key.size());
    SQLite::Statement insert(*db.value(), "INSERT INTO member_keys (pseudonym, key) VALUES (?, ?)");
    insert.bind(1, pseudonym);
    insert.bind(2, key.data(), static_cast<int>(key.size()));
    insert.exec();
    return std::optional<MemberKey>(key);
  } catch (const SQLite::Exception& e) {
    return unavailable_error(std::string("the member key store failed: ") + e.what());
  }
}

Status MemberKeyStore::destroy(const std::string& pseudonym) {
  return destroy_all({pseudonym});
}

Status MemberKeyStore::destroy_all(const std::vector<std::string>& pseudonyms) {
  if (pseudonyms.empty()) return ok_status();
  std::lock_guard lock(mutex_);
  auto db = open();
  if (!db) return std::move(db).error();
  try {
    SQLite::Transaction tx(*db.value());
    SQLite::Statement del(*db.value(), "DELETE FROM member_keys WHERE pseudonym = ?");
    for (const auto& pseudonym : pseudonyms) {
      del.bind(1, pseudonym);
      del.exec();
      del.reset();
    }
    tx.commit();
    // The deleted pages are zeroed in the database file when checkpointed; truncating the log
    // removes the last copy that still held the keys. No reader shares this connection.
    db.value()->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return unavailable_error(std::string("cannot destroy a member key: ") + e.what());
  }
}

Result<std::vector<std::string>> MemberKeyStore::pseudonyms() {
  std::lock_guard lock(mutex_);
  auto db = open();
  if (!db) return std::move(db).error();
  try {
    SQLite::Statement q(*db.value(), "SELECT pseudonym FROM member_keys ORDER BY pseudonym");
    std::vector<std::string> out;
    while (q.executeStep())
      out.push_back(q.getColumn(0).getString());
    return out;
  } catch (const SQLite::Exception& e) {
    return unavailable_error(std::string("cannot read the member key store: ") + e.what());
  }
}

}  // namespace registre::crypto
