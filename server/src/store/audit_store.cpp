#include "store/audit_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "crypto/sodium.hpp"
#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

// Rows of "SELECT id, at, actor, action, subject, fields, request_id".
std::vector<StoredAuditEntry> read_entries(SQLite::Statement& q, std::int64_t organization_id) {
  std::vector<StoredAuditEntry> out;
  while (q.executeStep()) {
    StoredAuditEntry e;
    e.id = q.getColumn(0).getInt64();
    e.entry.organization_id = organization_id;
    e.entry.at = q.getColumn(1).getString();
    e.entry.actor = q.getColumn(2).getString();
    e.entry.action = q.getColumn(3).getString();
    e.entry.subject = q.getColumn(4).getString();
    auto fields = nlohmann::json::parse(q.getColumn(5).getString(), nullptr, false);
    if (fields.is_array()) {
      for (const auto& f : fields) {
        if (f.is_string()) e.entry.fields.push_back(f.get<std::string>());
      }
    }
    e.entry.request_id = q.getColumn(6).getString();
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

Result<std::int64_t> append_audit_entry(SQLite::Database& db, const domain::AuditEntry& entry) {
  try {
    std::string prev_hash = domain::kAuditGenesis;
    SQLite::Statement last(db, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (last.executeStep()) prev_hash = last.getColumn(0).getString();

    const std::string hash = crypto::blake2b_256_hex(domain::audit_hash_input(entry, prev_hash));
    SQLite::Statement insert(db,
                             "INSERT INTO audit_log (organization_id, at, actor, action, subject, "
                             "fields, request_id, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)");
    if (entry.organization_id) insert.bind(1, *entry.organization_id);
    else insert.bind(1);
    insert.bind(2, entry.at);
    insert.bind(3, entry.actor);
    insert.bind(4, entry.action);
    insert.bind(5, entry.subject);
    insert.bind(6, nlohmann::json(entry.fields).dump());
    insert.bind(7, entry.request_id);
    insert.bind(8, prev_hash);
    insert.bind(9, hash);
    insert.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "appending to the audit log");
  }
}

Result<std::vector<StoredAuditEntry>> list_audit_entries(SQLite::Database& db, std::int64_t organization_id,
                                                         const std::string& action, std::optional<std::int64_t> before,
                                                         std::size_t limit) {
  try {
    SQLite::Statement q(db,
                        "SELECT id, at, actor, action, subject, fields, request_id FROM audit_log "
                        "WHERE organization_id = ? AND (? = '' OR action = ?) AND id < ? ORDER BY id DESC LIMIT ?");
    q.bind(1, organization_id);
    q.bind(2, action);
    q.bind(3, action);
    q.bind(4, before.value_or(INT64_MAX));
    q.bind(5, static_cast<std::int64_t>(limit));
    return read_entries(q, organization_id);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading the audit log");
  }
}

Result<std::vector<StoredAuditEntry>> audit_entries_about(SQLite::Database& db,
                                                          std::int64_t organization_id,
                                                          const std::string& subject) {
  try {
    SQLite::Statement q(db,
                        "SELECT id, at, actor, action, subject, fields, request_id FROM audit_log "
                        "WHERE organization_id = ? AND subject = ? ORDER BY id");
    q.bind(1, organization_id);
    q.bind(2, subject);
    return read_entries(q, organization_id);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading the audit log of a subject");
  }
}

Result<AuditVerification> verify_audit_chain(SQLite::Database& db) {
  AuditVerification result;
  try {
    SQLite::Statement rows(db,
                           "SELECT id, organization_id, at, actor, action, subject, fields, "
                           "request_id, prev_hash, hash, redacted FROM audit_log ORDER BY id");
    std::string expected_prev = domain::kAuditGenesis;
    while (rows.executeStep()) {
      domain::AuditEntry entry;
      const std::int64_t id = rows.getColumn(0).getInt64();
      if (!rows.getColumn(1).isNull()) entry.organization_id = rows.getColumn(1).getInt64();
      entry.at = rows.getColumn(2).getString();
      entry.actor = rows.getColumn(3).getString();
      entry.action = rows.getColumn(4).getString();
      entry.subject = rows.getColumn(5).getString();
      auto fields = nlohmann::json::parse(rows.getColumn(6).getString(), nullptr, false);
      if (fields.is_array()) {
        for (const auto& f : fields) entry.fields.push_back(f.is_string() ? f.get<std::string>() : f.dump());
      }
      entry.request_id = rows.getColumn(7).getString();
      const std::string prev_hash = rows.getColumn(8).getString();
      const std::string hash = rows.getColumn(9).getString();
      ++result.entries_checked;
      // A redacted entry (retention) lost the content its hash covers: only its link is checked.
      const bool redacted = rows.getColumn(10).getInt() != 0;
      if (redacted) ++result.entries_redacted;
      if (prev_hash != expected_prev ||
          (!redacted &&
           hash != crypto::blake2b_256_hex(domain::audit_hash_input(entry, prev_hash)))) {
        result.first_broken_id = id;
        return result;
      }
      expected_prev = hash;
    }
    return result;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "verifying the audit log");
  }
}

}  // namespace registre::store
