#include "store/inbox_store.hpp"

#include <SQLiteCpp/Statement.h>

#include "store/sql_values.hpp"
#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

constexpr const char* kInboxColumns =
    "id, received_at, event_class, dedup_key, body, body_bytes, status, reason, attempts, "
    "next_attempt_at";
constexpr const char* kMappingColumns =
    "id, organization_id, form_id, owner_id, fields, consents, created_at, created_by, "
    "updated_at, version";
constexpr const char* kApplicationColumns =
    "id, organization_id, form_id, submission_id, status, member_id, problems, answers, attempts, "
    "created_at, updated_at, resolved_at, resolved_by";

Error not_found(const char* what) {
  return make_error(ErrorKind::not_found, "not-found", std::string(what) + " not found");
}

InboxEntry read_entry(SQLite::Statement& q) {
  InboxEntry e;
  e.id = q.getColumn(0).getInt64();
  e.received_at = q.getColumn(1).getString();
  e.event_class = q.getColumn(2).getString();
  e.dedup_key = q.getColumn(3).getString();
  e.body = optional_text(q.getColumn(4));
  e.body_bytes = q.getColumn(5).getInt64();
  e.status = q.getColumn(6).getString();
  e.reason = optional_text(q.getColumn(7));
  e.attempts = q.getColumn(8).getInt64();
  e.next_attempt_at = q.getColumn(9).getString();
  return e;
}

domain::FormMapping read_mapping(SQLite::Statement& q) {
  domain::FormMapping m;
  m.id = q.getColumn(0).getInt64();
  m.organization_id = q.getColumn(1).getInt64();
  m.form_id = q.getColumn(2).getInt64();
  m.owner_id = q.getColumn(3).getString();
  // Written by this program from validated maps: read back leniently.
  auto fields = domain::fields_from_json(
      nlohmann::json::parse(q.getColumn(4).getString(), nullptr, false), "fields");
  if (fields) m.fields = std::move(fields).value();
  auto consents = domain::consents_from_json(
      nlohmann::json::parse(q.getColumn(5).getString(), nullptr, false), "consents");
  if (consents) m.consents = std::move(consents).value();
  m.created_at = q.getColumn(6).getString();
  m.created_by = q.getColumn(7).getString();
  m.updated_at = q.getColumn(8).getString();
  m.version = q.getColumn(9).getInt64();
  return m;
}

domain::Application read_application(SQLite::Statement& q) {
  domain::Application a;
  a.id = q.getColumn(0).getInt64();
  a.organization_id = q.getColumn(1).getInt64();
  a.form_id = q.getColumn(2).getInt64();
  a.submission_id = q.getColumn(3).getInt64();
  a.status = q.getColumn(4).getString();
  if (!q.getColumn(5).isNull()) a.member_id = q.getColumn(5).getInt64();
  auto problems = nlohmann::json::parse(q.getColumn(6).getString(), nullptr, false);
  if (problems.is_array()) {
    for (const auto& p : problems) {
      if (p.is_string()) a.problems.push_back(p.get<std::string>());
    }
  }
  if (!q.getColumn(7).isNull()) {
    auto answers = nlohmann::json::parse(q.getColumn(7).getString(), nullptr, false);
    if (!answers.is_discarded()) a.answers = std::move(answers);
  }
  a.attempts = q.getColumn(8).getInt64();
  a.created_at = q.getColumn(9).getString();
  a.updated_at = q.getColumn(10).getString();
  a.resolved_at = optional_text(q.getColumn(11));
  a.resolved_by = optional_text(q.getColumn(12));
  return a;
}

std::optional<std::string> answers_text(const domain::Application& a) {
  if (!a.answers) return std::nullopt;
  return a.answers->dump();
}

}  // namespace

Result<bool> insert_inbox_entry(SQLite::Database& db, const InboxEntry& entry) {
  try {
    SQLite::Statement q(db,
                        "INSERT INTO nextcloud_inbox (received_at, event_class, dedup_key, body, "
                        "body_bytes, status, reason, next_attempt_at, handled_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING");
    q.bind(1, entry.received_at);
    q.bind(2, entry.event_class);
    q.bind(3, entry.dedup_key);
    bind_optional(q, 4, entry.body);
    q.bind(5, entry.body_bytes);
    q.bind(6, entry.status);
    bind_optional(q, 7, entry.reason);
    q.bind(8, entry.next_attempt_at);
    if (entry.status == "pending")
      q.bind(9);
    else
      q.bind(9, entry.received_at);
    return q.exec() == 1;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "storing a webhook delivery");
  }
}

Result<std::vector<InboxEntry>> due_inbox_entries(SQLite::Database& db, const std::string& now,
                                                  std::size_t limit) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kInboxColumns +
                                " FROM nextcloud_inbox WHERE status = 'pending' AND "
                                "next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?");
    q.bind(1, now);
    q.bind(2, static_cast<std::int64_t>(limit));
    std::vector<InboxEntry> out;
    while (q.executeStep())
      out.push_back(read_entry(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing due webhook deliveries");
  }
}

Result<std::vector<InboxEntry>> inbox_entries(SQLite::Database& db) {
  try {
    SQLite::Statement q(
        db, std::string("SELECT ") + kInboxColumns + " FROM nextcloud_inbox ORDER BY id");
    std::vector<InboxEntry> out;
    while (q.executeStep())
      out.push_back(read_entry(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing webhook deliveries");
  }
}

Status finish_inbox_entry(SQLite::Database& db, std::int64_t id, const std::string& status,
                          const std::optional<std::string>& reason, const std::string& at) {
  try {
    SQLite::Statement q(db,
                        "UPDATE nextcloud_inbox SET status = ?, reason = ?, body = NULL, "
                        "handled_at = ? WHERE id = ?");
    q.bind(1, status);
    bind_optional(q, 2, reason);
    q.bind(3, at);
    q.bind(4, id);
    q.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "ending a webhook delivery");
  }
}

Status reschedule_inbox_entry(SQLite::Database& db, std::int64_t id, std::int64_t attempts,
                              const std::string& next_attempt_at, const std::string& reason) {
  try {
    SQLite::Statement q(db,
                        "UPDATE nextcloud_inbox SET attempts = ?, next_attempt_at = ?, reason = ? "
                        "WHERE id = ? AND status = 'pending'");
    q.bind(1, attempts);
    q.bind(2, next_attempt_at);
    q.bind(3, reason);
    q.bind(4, id);
    q.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "rescheduling a webhook delivery");
  }
}

Result<std::int64_t> insert_form_mapping(SQLite::Database& db, const domain::FormMapping& m) {
  try {
    SQLite::Statement q(
        db,
        "INSERT INTO form_mappings (organization_id, form_id, owner_id, fields, "
        "consents, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, m.organization_id);
    q.bind(2, m.form_id);
    q.bind(3, m.owner_id);
    q.bind(4, domain::fields_to_json(m.fields).dump());
    q.bind(5, domain::consents_to_json(m.consents).dump());
    q.bind(6, m.created_at);
    q.bind(7, m.created_by);
    q.bind(8, m.updated_at);
    q.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "creating a form mapping");
  }
}

Result<std::vector<domain::FormMapping>> form_mappings_of(SQLite::Database& db,
                                                          std::int64_t organization_id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kMappingColumns +
                                " FROM form_mappings WHERE organization_id = ? ORDER BY id");
    q.bind(1, organization_id);
    std::vector<domain::FormMapping> out;
    while (q.executeStep())
      out.push_back(read_mapping(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing form mappings");
  }
}

Result<domain::FormMapping> get_form_mapping(SQLite::Database& db, std::int64_t organization_id,
                                             std::int64_t id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kMappingColumns +
                                " FROM form_mappings WHERE organization_id = ? AND id = ?");
    q.bind(1, organization_id);
    q.bind(2, id);
    if (!q.executeStep()) return not_found("form mapping");
    return read_mapping(q);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a form mapping");
  }
}

Result<std::optional<domain::FormMapping>> form_mapping_for_form(SQLite::Database& db,
                                                                 std::int64_t form_id) {
  try {
    SQLite::Statement q(
        db, std::string("SELECT ") + kMappingColumns + " FROM form_mappings WHERE form_id = ?");
    q.bind(1, form_id);
    if (!q.executeStep()) return std::optional<domain::FormMapping>();
    return std::optional<domain::FormMapping>(read_mapping(q));
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "finding a form's mapping");
  }
}

Status update_form_mapping(SQLite::Database& db, const domain::FormMapping& m) {
  try {
    SQLite::Statement q(db,
                        "UPDATE form_mappings SET owner_id = ?, fields = ?, consents = ?, "
                        "updated_at = ?, version = version + 1 "
                        "WHERE organization_id = ? AND id = ?");
    q.bind(1, m.owner_id);
    q.bind(2, domain::fields_to_json(m.fields).dump());
    q.bind(3, domain::consents_to_json(m.consents).dump());
    q.bind(4, m.updated_at);
    q.bind(5, m.organization_id);
    q.bind(6, m.id);
    if (q.exec() != 1) return not_found("form mapping");
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "changing a form mapping");
  }
}

Status delete_form_mapping(SQLite::Database& db, std::int64_t organization_id, std::int64_t id) {
  try {
    SQLite::Statement q(db, "DELETE FROM form_mappings WHERE organization_id = ? AND id = ?");
    q.bind(1, organization_id);
    q.bind(2, id);
    if (q.exec() != 1) return not_found("form mapping");
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "deleting a form mapping");
  }
}

Result<bool> purpose_of_organization(SQLite::Database& db, std::int64_t organization_id,
                                     std::int64_t purpose_id) {
  try {
    SQLite::Statement q(db, "SELECT 1 FROM purposes WHERE organization_id = ? AND id = ?");
    q.bind(1, organization_id);
    q.bind(2, purpose_id);
    return q.executeStep();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "finding a purpose");
  }
}

Result<std::optional<domain::Application>> application_for_submission(SQLite::Database& db,
                                                                      std::int64_t form_id,
                                                                      std::int64_t submission_id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kApplicationColumns +
                                " FROM applications WHERE form_id = ? AND submission_id = ?");
    q.bind(1, form_id);
    q.bind(2, submission_id);
    if (!q.executeStep()) return std::optional<domain::Application>();
    return std::optional<domain::Application>(read_application(q));
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "finding an application");
  }
}

Result<std::int64_t> insert_application(SQLite::Database& db, const domain::Application& a) {
  try {
    SQLite::Statement q(db,
                        "INSERT INTO applications (organization_id, form_id, submission_id, "
                        "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, a.organization_id);
    q.bind(2, a.form_id);
    q.bind(3, a.submission_id);
    q.bind(4, a.status);
    q.bind(5, a.created_at);
    q.bind(6, a.updated_at);
    q.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "creating an application");
  }
}

Status update_application(SQLite::Database& db, const domain::Application& a) {
  try {
    SQLite::Statement q(db,
                        "UPDATE applications SET status = ?, member_id = ?, problems = ?, "
                        "answers = ?, attempts = ?, updated_at = ?, resolved_at = ?, "
                        "resolved_by = ? WHERE id = ?");
    q.bind(1, a.status);
    if (a.member_id)
      q.bind(2, *a.member_id);
    else
      q.bind(2);
    q.bind(3, nlohmann::json(a.problems).dump());
    bind_optional(q, 4, answers_text(a));
    q.bind(5, a.attempts);
    q.bind(6, a.updated_at);
    bind_optional(q, 7, a.resolved_at);
    bind_optional(q, 8, a.resolved_by);
    q.bind(9, a.id);
    if (q.exec() != 1) return not_found("application");
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "changing an application");
  }
}

Result<std::vector<domain::Application>> applications_of(SQLite::Database& db,
                                                         std::int64_t organization_id,
                                                         const std::string& status,
                                                         std::size_t limit) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kApplicationColumns +
                                " FROM applications WHERE organization_id = ? AND (? = '' OR "
                                "status = ?) ORDER BY id DESC LIMIT ?");
    q.bind(1, organization_id);
    q.bind(2, status);
    q.bind(3, status);
    q.bind(4, static_cast<std::int64_t>(limit));
    std::vector<domain::Application> out;
    while (q.executeStep())
      out.push_back(read_application(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing applications");
  }
}

Result<domain::Application> get_application(SQLite::Database& db, std::int64_t organization_id,
                                            std::int64_t id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kApplicationColumns +
                                " FROM applications WHERE organization_id = ? AND id = ?");
    q.bind(1, organization_id);
    q.bind(2, id);
    if (!q.executeStep()) return not_found("application");
    return read_application(q);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading an application");
  }
}

}  // namespace registre::store
