#include "store/import_writer.hpp"

#include <SQLiteCpp/Column.h>

#include <algorithm>

#include "store/member_rows.hpp"
#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

// Leaves a reused statement ready for its next use, whatever happened in this one.
class Reset {
 public:
  explicit Reset(SQLite::Statement& s) : s_(s) {}
  ~Reset() {
    try {
      s_.reset();
      s_.clearBindings();
    } catch (...) {  // reset() reports the last step's error again: already handled by the caller
    }
  }
  Reset(const Reset&) = delete;
  Reset& operator=(const Reset&) = delete;

 private:
  SQLite::Statement& s_;
};

}  // namespace

ImportWriter::ImportWriter(SQLite::Database& db, std::int64_t organization_id,
                           std::int64_t batch_id)
    : db_(db), organization_id_(organization_id), batch_id_(batch_id) {}

SQLite::Statement& ImportWriter::prepared(std::optional<SQLite::Statement>& slot,
                                          const std::string& sql) {
  if (!slot) slot.emplace(db_, sql);
  return *slot;
}

Result<std::optional<std::int64_t>> ImportWriter::member_id_by_number(std::int64_t number) {
  try {
    auto& q =
        prepared(by_number_, "SELECT id FROM members WHERE organization_id = ? AND number = ?");
    Reset reset(q);
    q.bind(1, organization_id_);
    q.bind(2, number);
    if (!q.executeStep()) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{q.getColumn(0).getInt64()};
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "finding a member by number");
  }
}

Result<std::optional<std::int64_t>> ImportWriter::member_id_by_email(const std::string& email) {
  try {
    auto& q = prepared(
        by_email_,
        "SELECT id FROM members WHERE organization_id = ? AND email = ? ORDER BY id LIMIT 1");
    Reset reset(q);
    q.bind(1, organization_id_);
    q.bind(2, email);
    if (!q.executeStep()) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{q.getColumn(0).getInt64()};
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "finding a member by e-mail");
  }
}

Result<domain::Member> ImportWriter::get_member(std::int64_t member_id) {
  try {
    auto& q = prepared(get_, std::string("SELECT ") + member_rows::kColumns +
                                 " FROM members WHERE id = ? AND organization_id = ?");
    Reset reset(q);
    q.bind(1, member_id);
    q.bind(2, organization_id_);
    if (!q.executeStep()) return make_error(ErrorKind::not_found, "not-found", "no such member");
    return member_rows::read_member(q).member;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a member");
  }
}

Result<std::int64_t> ImportWriter::next_member_number() {
  if (next_number_) return *next_number_;
  try {
    auto& q = prepared(
        max_number_,
        "SELECT max(coalesce((SELECT max(number) FROM members WHERE organization_id = ?1), 0),"
        " (SELECT numbers_issued FROM organizations WHERE id = ?1)) + 1");
    Reset reset(q);
    q.bind(1, organization_id_);
    q.executeStep();
    next_number_ = q.getColumn(0).getInt64();
    return *next_number_;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "numbering a member");
  }
}

void ImportWriter::index(std::int64_t member_id, const std::string& search_text) {
  auto& del = prepared(unindex_, member_rows::kUnindexSql);
  {
    Reset reset(del);
    del.bind(1, member_id);
    del.exec();
  }
  auto& ins = prepared(index_, member_rows::kIndexSql);
  Reset reset(ins);
  ins.bind(1, member_id);
  ins.bind(2, search_text);
  ins.exec();
}

Result<std::int64_t> ImportWriter::insert_member(const domain::Member& m,
                                                 const std::string& search_text) {
  try {
    auto& insert = prepared(insert_, member_rows::insert_sql());
    {
      Reset reset(insert);
      int i = member_rows::bind_writable(insert, m);
      insert.bind(i++, m.organization_id);
      insert.bind(i++, m.number);
      insert.bind(i++, m.pseudonym);
      insert.bind(i++, m.created_at);
      insert.exec();
    }
    const std::int64_t id = db_.getLastInsertRowid();
    index(id, search_text);
    // A number given by the file may be above the count: later new members follow it.
    if (next_number_) next_number_ = std::max(*next_number_, m.number + 1);
    return id;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "creating a member");
  }
}

Status ImportWriter::update_member(const domain::Member& m, const std::string& search_text) {
  try {
    auto& update = prepared(update_, member_rows::update_sql());
    {
      Reset reset(update);
      int i = member_rows::bind_writable(update, m);
      update.bind(i++, m.id);
      update.bind(i++, m.organization_id);
      update.bind(i++, m.version - 1);
      if (update.exec() != 1) {
        return make_error(ErrorKind::precondition_failed, "precondition-failed",
                          "the member was changed by someone else; reload it");
      }
    }
    index(m.id, search_text);
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "updating a member");
  }
}

Status ImportWriter::insert_import_record(std::int64_t member_id, std::int64_t line,
                                          const std::string& outcome) {
  try {
    auto& s = prepared(
        record_,
        "INSERT INTO import_records (batch_id, member_id, line, outcome) VALUES (?,?,?,?)");
    Reset reset(s);
    s.bind(1, batch_id_);
    s.bind(2, member_id);
    s.bind(3, line);
    s.bind(4, outcome);
    s.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "recording an imported line");
  }
}

}  // namespace registre::store
