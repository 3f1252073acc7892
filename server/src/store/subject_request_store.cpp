#include "store/subject_request_store.hpp"

#include <SQLiteCpp/Statement.h>

#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

constexpr const char* kSubjectRequestColumns =
    "id, organization_id, member_id, kind, received_on, due_on, status, handler, "
    "extension_months, extension_reason, closed_on, closure_proof, created_at, created_by, "
    "updated_at, version";

std::optional<std::string> text_or_null(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}
std::optional<std::int64_t> int_or_null(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

template <class T>
void bind_or_null(SQLite::Statement& s, int i, const std::optional<T>& v) {
  if (v)
    s.bind(i, *v);
  else
    s.bind(i);
}

domain::SubjectRequest read_request(SQLite::Statement& q) {
  domain::SubjectRequest r;
  r.id = q.getColumn(0).getInt64();
  r.organization_id = q.getColumn(1).getInt64();
  r.member_id = int_or_null(q.getColumn(2));
  r.kind = q.getColumn(3).getString();
  r.received_on = q.getColumn(4).getString();
  r.due_on = q.getColumn(5).getString();
  r.status = q.getColumn(6).getString();
  r.handler = text_or_null(q.getColumn(7));
  r.extension_months = int_or_null(q.getColumn(8));
  r.extension_reason = text_or_null(q.getColumn(9));
  r.closed_on = text_or_null(q.getColumn(10));
  r.closure_proof = text_or_null(q.getColumn(11));
  r.created_at = q.getColumn(12).getString();
  r.created_by = q.getColumn(13).getString();
  r.updated_at = q.getColumn(14).getString();
  r.version = q.getColumn(15).getInt64();
  return r;
}

}  // namespace

Result<std::int64_t> insert_subject_request(SQLite::Database& db, const domain::SubjectRequest& r) {
  try {
    SQLite::Statement q(db,
                        "INSERT INTO subject_requests (organization_id, member_id, kind, "
                        "received_on, due_on, status, handler, created_at, created_by, updated_at, "
                        "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
    q.bind(1, r.organization_id);
    bind_or_null(q, 2, r.member_id);
    q.bind(3, r.kind);
    q.bind(4, r.received_on);
    q.bind(5, r.due_on);
    q.bind(6, r.status);
    bind_or_null(q, 7, r.handler);
    q.bind(8, r.created_at);
    q.bind(9, r.created_by);
    q.bind(10, r.updated_at);
    q.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "recording a data-subject request");
  }
}

Status update_subject_request(SQLite::Database& db, const domain::SubjectRequest& r) {
  try {
    SQLite::Statement q(db,
                        "UPDATE subject_requests SET due_on = ?, status = ?, handler = ?, "
                        "extension_months = ?, extension_reason = ?, closed_on = ?, "
                        "closure_proof = ?, updated_at = ?, version = ? "
                        "WHERE id = ? AND organization_id = ? AND version = ?");
    q.bind(1, r.due_on);
    q.bind(2, r.status);
    bind_or_null(q, 3, r.handler);
    bind_or_null(q, 4, r.extension_months);
    bind_or_null(q, 5, r.extension_reason);
    bind_or_null(q, 6, r.closed_on);
    bind_or_null(q, 7, r.closure_proof);
    q.bind(8, r.updated_at);
    q.bind(9, r.version);
    q.bind(10, r.id);
    q.bind(11, r.organization_id);
    q.bind(12, r.version - 1);
    if (q.exec() == 0) {
      return make_error(ErrorKind::precondition_failed, "precondition-failed",
                        "the request case changed meanwhile");
    }
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "updating a data-subject request");
  }
}

Result<domain::SubjectRequest> get_subject_request(SQLite::Database& db,
                                                   std::int64_t organization_id, std::int64_t id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kSubjectRequestColumns +
                                " FROM subject_requests WHERE id = ? AND organization_id = ?");
    q.bind(1, id);
    q.bind(2, organization_id);
    if (!q.executeStep()) {
      return make_error(ErrorKind::not_found, "not-found", "no such request in this organisation");
    }
    return read_request(q);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a data-subject request");
  }
}

Result<std::vector<domain::SubjectRequest>> list_subject_requests(SQLite::Database& db,
                                                                  std::int64_t organization_id,
                                                                  bool open_only) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kSubjectRequestColumns +
                                " FROM subject_requests WHERE organization_id = ? AND (? = 0 OR "
                                "status IN ('open', 'extended')) ORDER BY due_on, id");
    q.bind(1, organization_id);
    q.bind(2, open_only ? 1 : 0);
    std::vector<domain::SubjectRequest> out;
    while (q.executeStep())
      out.push_back(read_request(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing data-subject requests");
  }
}

Result<std::vector<domain::SubjectRequest>> subject_requests_of(SQLite::Database& db,
                                                                std::int64_t organization_id,
                                                                std::int64_t member_id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kSubjectRequestColumns +
                                " FROM subject_requests WHERE organization_id = ? AND member_id = ?"
                                " ORDER BY received_on, id");
    q.bind(1, organization_id);
    q.bind(2, member_id);
    std::vector<domain::SubjectRequest> out;
    while (q.executeStep())
      out.push_back(read_request(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing a member's data-subject requests");
  }
}

}  // namespace registre::store
