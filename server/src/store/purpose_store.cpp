#include "store/purpose_store.hpp"

#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>

#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

constexpr const char* kPurposeColumns =
    "id, organization_id, key, title, description, legal_basis, data_categories, recipients, "
    "retention, active, "
    "created_at, updated_at, version";

std::vector<std::string> string_list(const std::string& json_text) {
  std::vector<std::string> out;
  auto list = nlohmann::json::parse(json_text, nullptr, false);
  if (list.is_array()) {
    for (const auto& item : list)
      if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

domain::Purpose read_purpose(SQLite::Statement& q) {
  domain::Purpose p;
  p.id = q.getColumn(0).getInt64();
  p.organization_id = q.getColumn(1).getInt64();
  p.key = q.getColumn(2).getString();
  p.title = q.getColumn(3).getString();
  p.description = q.getColumn(4).getString();
  p.legal_basis = q.getColumn(5).getString();
  p.data_categories = string_list(q.getColumn(6).getString());
  p.recipients = string_list(q.getColumn(7).getString());
  p.retention = q.getColumn(8).getString();
  p.active = q.getColumn(9).getInt() != 0;
  p.created_at = q.getColumn(10).getString();
  p.updated_at = q.getColumn(11).getString();
  p.version = q.getColumn(12).getInt64();
  return p;
}

constexpr const char* kVersionColumns =
    "v.id, v.purpose_id, v.number, v.text_fr, v.text_en, v.text_hash, v.published_at, "
    "v.published_by";

domain::PurposeVersion read_version(SQLite::Statement& q) {
  domain::PurposeVersion v;
  v.id = q.getColumn(0).getInt64();
  v.purpose_id = q.getColumn(1).getInt64();
  v.number = q.getColumn(2).getInt64();
  v.text_fr = q.getColumn(3).getString();
  v.text_en = q.getColumn(4).getString();
  v.text_hash = q.getColumn(5).getString();
  v.published_at = q.getColumn(6).getString();
  v.published_by = q.getColumn(7).getString();
  return v;
}

}  // namespace

Result<std::int64_t> insert_purpose(SQLite::Database& db, const domain::Purpose& p) {
  try {
    SQLite::Statement s(
        db,
        "INSERT INTO purposes (organization_id, key, title, description, legal_basis, "
        "data_categories, "
        "recipients, retention, active, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    s.bind(1, p.organization_id);
    s.bind(2, p.key);
    s.bind(3, p.title);
    s.bind(4, p.description);
    s.bind(5, p.legal_basis);
    s.bind(6, nlohmann::json(p.data_categories).dump());
    s.bind(7, nlohmann::json(p.recipients).dump());
    s.bind(8, p.retention);
    s.bind(9, p.active ? 1 : 0);
    s.bind(10, p.created_at);
    s.bind(11, p.updated_at);
    s.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "creating a purpose");
  }
}

Status update_purpose(SQLite::Database& db, const domain::Purpose& p,
                      std::int64_t expected_version) {
  try {
    SQLite::Statement s(
        db,
        "UPDATE purposes SET title = ?, description = ?, legal_basis = ?, data_categories = ?, "
        "recipients = ?, retention = ?, active = ?, updated_at = ?, version = version + 1 "
        "WHERE id = ? AND organization_id = ? AND version = ?");
    s.bind(1, p.title);
    s.bind(2, p.description);
    s.bind(3, p.legal_basis);
    s.bind(4, nlohmann::json(p.data_categories).dump());
    s.bind(5, nlohmann::json(p.recipients).dump());
    s.bind(6, p.retention);
    s.bind(7, p.active ? 1 : 0);
    s.bind(8, p.updated_at);
    s.bind(9, p.id);
    s.bind(10, p.organization_id);
    s.bind(11, expected_version);
    if (s.exec() != 1) {
      return make_error(ErrorKind::precondition_failed, "precondition-failed",
                        "the purpose changed since it was read");
    }
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "updating a purpose");
  }
}

Result<domain::Purpose> get_purpose(SQLite::Database& db, std::int64_t organization_id,
                                    std::int64_t purpose_id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kPurposeColumns +
                                " FROM purposes WHERE id = ? AND organization_id = ?");
    q.bind(1, purpose_id);
    q.bind(2, organization_id);
    if (!q.executeStep()) return make_error(ErrorKind::not_found, "not-found", "no such purpose");
    return read_purpose(q);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a purpose");
  }
}

Result<std::vector<domain::Purpose>> list_purposes(SQLite::Database& db,
                                                   std::int64_t organization_id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kPurposeColumns +
                                " FROM purposes WHERE organization_id = ? ORDER BY id");
    q.bind(1, organization_id);
    std::vector<domain::Purpose> out;
    while (q.executeStep())
      out.push_back(read_purpose(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing purposes");
  }
}

Result<domain::PurposeVersion> insert_purpose_version(SQLite::Database& db,
                                                      domain::PurposeVersion v) {
  try {
    SQLite::Statement next(
        db, "SELECT coalesce(max(number), 0) + 1 FROM purpose_versions WHERE purpose_id = ?");
    next.bind(1, v.purpose_id);
    next.executeStep();
    v.number = next.getColumn(0).getInt64();
    SQLite::Statement s(db,
                        "INSERT INTO purpose_versions (purpose_id, number, text_fr, text_en, "
                        "text_hash, published_at, "
                        "published_by) VALUES (?,?,?,?,?,?,?)");
    s.bind(1, v.purpose_id);
    s.bind(2, v.number);
    s.bind(3, v.text_fr);
    s.bind(4, v.text_en);
    s.bind(5, v.text_hash);
    s.bind(6, v.published_at);
    s.bind(7, v.published_by);
    s.exec();
    v.id = db.getLastInsertRowid();
    return v;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "publishing a purpose version");
  }
}

Result<std::vector<domain::PurposeVersion>> list_purpose_versions(SQLite::Database& db,
                                                                  std::int64_t purpose_id) {
  try {
    SQLite::Statement q(db,
                        std::string("SELECT ") + kVersionColumns +
                            " FROM purpose_versions v WHERE v.purpose_id = ? ORDER BY v.number");
    q.bind(1, purpose_id);
    std::vector<domain::PurposeVersion> out;
    while (q.executeStep())
      out.push_back(read_version(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing purpose versions");
  }
}

Result<std::vector<domain::PurposeVersion>> latest_purpose_versions(SQLite::Database& db,
                                                                    std::int64_t organization_id) {
  try {
    SQLite::Statement q(
        db, std::string("SELECT ") + kVersionColumns +
                " FROM purpose_versions v JOIN purposes p ON p.id = v.purpose_id "
                "WHERE p.organization_id = ? AND v.number = "
                "(SELECT max(number) FROM purpose_versions WHERE purpose_id = v.purpose_id) "
                "ORDER BY v.purpose_id");
    q.bind(1, organization_id);
    std::vector<domain::PurposeVersion> out;
    while (q.executeStep())
      out.push_back(read_version(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading the latest purpose versions");
  }
}

Result<std::vector<domain::PurposeVersion>> all_purpose_versions(SQLite::Database& db,
                                                                 std::int64_t organization_id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kVersionColumns +
                                " FROM purpose_versions v JOIN purposes p ON p.id = v.purpose_id "
                                "WHERE p.organization_id = ? ORDER BY v.id");
    q.bind(1, organization_id);
    std::vector<domain::PurposeVersion> out;
    while (q.executeStep())
      out.push_back(read_version(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading purpose versions");
  }
}

}  // namespace registre::store
