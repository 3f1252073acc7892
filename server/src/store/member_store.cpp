#include "store/member_store.hpp"

#include <SQLiteCpp/Statement.h>

#include <nlohmann/json.hpp>
#include <utility>
#include <variant>

#include "store/member_rows.hpp"
#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

using member_rows::bind_writable;
using member_rows::kColumns;
using member_rows::read_member;
using member_rows::Row;

void index_member(SQLite::Database& db, std::int64_t id, const std::string& search_text) {
  SQLite::Statement del(db, member_rows::kUnindexSql);
  del.bind(1, id);
  del.exec();
  SQLite::Statement ins(db, member_rows::kIndexSql);
  ins.bind(1, id);
  ins.bind(2, search_text);
  ins.exec();
}

}  // namespace

Result<std::int64_t> next_member_number(SQLite::Database& db, std::int64_t organization_id) {
  try {
    SQLite::Statement q(
        db,
        "SELECT max(coalesce((SELECT max(number) FROM members WHERE organization_id = ?1), 0),"
        " (SELECT numbers_issued FROM organizations WHERE id = ?1)) + 1");
    q.bind(1, organization_id);
    q.executeStep();
    return q.getColumn(0).getInt64();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "numbering a member");
  }
}

Result<std::int64_t> insert_member(SQLite::Database& db, const domain::Member& m,
                                   const std::string& search_text) {
  try {
    SQLite::Statement insert(db, member_rows::insert_sql());
    int i = bind_writable(insert, m);
    insert.bind(i++, m.organization_id);
    insert.bind(i++, m.number);
    insert.bind(i++, m.pseudonym);
    insert.bind(i++, m.created_at);
    insert.exec();
    const std::int64_t id = db.getLastInsertRowid();
    index_member(db, id, search_text);
    return id;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "creating a member");
  }
}

Status update_member(SQLite::Database& db, const domain::Member& m,
                     const std::string& search_text) {
  try {
    SQLite::Statement update(db, member_rows::update_sql());
    int i = bind_writable(update, m);
    update.bind(i++, m.id);
    update.bind(i++, m.organization_id);
    update.bind(i++, m.version - 1);
    if (update.exec() != 1) {
      return make_error(ErrorKind::precondition_failed, "precondition-failed",
                        "the member was changed by someone else; reload it");
    }
    index_member(db, m.id, search_text);
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "updating a member");
  }
}

Result<domain::Member> get_member(SQLite::Database& db, std::int64_t organization_id,
                                  std::int64_t member_id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kColumns +
                                " FROM members WHERE id = ? AND organization_id = ?");
    q.bind(1, member_id);
    q.bind(2, organization_id);
    if (!q.executeStep()) return make_error(ErrorKind::not_found, "not-found", "no such member");
    return read_member(q).member;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a member");
  }
}

Status delete_member(SQLite::Database& db, std::int64_t organization_id, std::int64_t member_id) {
  try {
    SQLite::Statement del(db, "DELETE FROM members WHERE id = ? AND organization_id = ?");
    del.bind(1, member_id);
    del.bind(2, organization_id);
    if (del.exec() != 1) return make_error(ErrorKind::not_found, "not-found", "no such member");
    SQLite::Statement unindex(db, "DELETE FROM member_search WHERE rowid = ?");
    unindex.bind(1, member_id);
    unindex.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "deleting a member");
  }
}

Status set_member_status(SQLite::Database& db, std::int64_t member_id, const std::string& status) {
  try {
    SQLite::Statement update(db, "UPDATE members SET status = ? WHERE id = ?");
    update.bind(1, status);
    update.bind(2, member_id);
    update.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "refreshing a member status");
  }
}

Result<std::vector<domain::Member>> all_members(SQLite::Database& db,
                                                std::int64_t organization_id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kColumns +
                                " FROM members WHERE organization_id = ? ORDER BY id");
    q.bind(1, organization_id);
    std::vector<domain::Member> out;
    while (q.executeStep())
      out.push_back(read_member(q).member);
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading members");
  }
}

Result<bool> member_has_dependants(SQLite::Database& db, std::int64_t member_id) {
  try {
    SQLite::Statement q(db, "SELECT EXISTS (SELECT 1 FROM members WHERE household_id = ?)");
    q.bind(1, member_id);
    q.executeStep();
    return q.getColumn(0).getInt() != 0;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "checking households");
  }
}

namespace {

// The WHERE clause of a member query, and its values in the order of their placeholders: each
// fragment is fixed text, every value is bound.
struct MemberFilterSql {
  std::string where;
  std::vector<std::variant<std::int64_t, std::string>> values;

  void add(const char* fragment) { where += fragment; }
  template <class... Values>
  void add(const char* fragment, Values&&... bound) {
    where += fragment;
    (values.emplace_back(std::forward<Values>(bound)), ...);
  }
  int bind(SQLite::Statement& s) const {
    int i = 1;
    for (const auto& v : values)
      std::visit([&](const auto& x) { s.bind(i++, x); }, v);
    return i;
  }
};

std::string json_array(const std::vector<std::string>& words) {
  return nlohmann::json(words).dump();
}

std::string json_array(const std::vector<std::int64_t>& numbers) {
  return nlohmann::json(numbers).dump();
}

// Below this many search matches, the page is the matches sorted by name; from it on, a walk
// down the name index keeping the matches (measured in docs/performance.md: sorting costs per
// match, the walk costs per member passed before the 51st match).
constexpr std::int64_t kSortMatchesBelow = 1000;

// `by_match`: drive the query from the search matches, not from the organisation's indexes
// (the unary + keeps SQLite from using an index for that term).
MemberFilterSql filter_sql(const MemberQuery& query, bool by_match) {
  MemberFilterSql f;
  f.add(by_match ? " WHERE +organization_id = ?" : " WHERE organization_id = ?",
        query.organization_id);
  if (!query.statuses.empty()) {
    f.add(" AND status IN (SELECT value FROM json_each(?))", json_array(query.statuses));
  }
  if (!query.match.empty() && query.number) {
    f.add(
        " AND (id IN (SELECT rowid FROM member_search WHERE member_search MATCH ?) OR number = ?)",
        query.match, *query.number);
  } else if (!query.match.empty()) {
    f.add(" AND id IN (SELECT rowid FROM member_search WHERE member_search MATCH ?)", query.match);
  }
  if (!query.type_ids.empty()) {
    // The type of the member's latest membership (by start date): what the member is now, or
    // was when they lapsed.
    f.add(
        " AND id IN (SELECT ms.member_id FROM memberships ms WHERE ms.organization_id = ?"
        " AND ms.type_id IN (SELECT value FROM json_each(?))"
        " AND ms.starts_on = (SELECT max(l.starts_on) FROM memberships l WHERE l.member_id = "
        "ms.member_id))",
        query.organization_id, json_array(query.type_ids));
  }
  if (query.paid) {
    f.add(query.paid->paid ? " AND id IN" : " AND id NOT IN");
    f.add(
        " (SELECT member_id FROM memberships WHERE organization_id = ? AND paid_on IS NOT NULL"
        " AND starts_on <= ? AND (ends_on IS NULL OR ends_on >= ?))",
        query.organization_id, query.paid->on, query.paid->on);
  }
  for (const auto& c : query.custom) {
    std::string path = "$." + c.key;
    if (c.multiple) {
      f.add(
          " AND EXISTS (SELECT 1 FROM json_each(members.custom, ?) v"
          " WHERE v.value IN (SELECT value FROM json_each(?)))",
          std::move(path), c.values_json);
    } else {
      f.add(" AND json_extract(custom, ?) IN (SELECT value FROM json_each(?))", std::move(path),
            c.values_json);
    }
  }
  return f;
}

// Whether a search by name has few enough matches to sort them all.
bool few_matches(SQLite::Database& db, const MemberQuery& query) {
  if (query.sort != MemberSort::name || query.match.empty() || query.number) return false;
  SQLite::Statement count(
      db, "SELECT count(*) FROM (SELECT 1 FROM member_search WHERE member_search MATCH ? LIMIT ?)");
  count.bind(1, query.match);
  count.bind(2, kSortMatchesBelow);
  count.executeStep();
  return count.getColumn(0).getInt64() < kSortMatchesBelow;
}

}  // namespace

Result<MemberPage> list_members(SQLite::Database& db, const MemberQuery& query) {
  bool by_match = false;
  try {
    by_match = few_matches(db, query);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing members");
  }
  const MemberFilterSql filter = filter_sql(query, by_match);
  std::string order, after;
  std::size_t key_count = 1;
  switch (query.sort) {
    case MemberSort::name:
      order = by_match ? " ORDER BY +sort_name, id" : " ORDER BY sort_name, id";
      after = " AND (sort_name, id) > (?, ?)";
      break;
    case MemberSort::number:
      order = " ORDER BY number, id";
      after = " AND (number, id) > (CAST(? AS INTEGER), ?)";
      break;
    case MemberSort::admission:
      order = " ORDER BY coalesce(admitted_on, ''), id";
      after = " AND (coalesce(admitted_on, ''), id) > (?, ?)";
      break;
    case MemberSort::status:
      order = " ORDER BY status, sort_name, id";
      after = " AND (status, sort_name, id) > (?, ?, ?)";
      key_count = 2;
      break;
  }
  try {
    MemberPage page;
    std::string sql = std::string("SELECT ") + kColumns + " FROM members" + filter.where;
    if (query.after) {
      if (query.after->keys.size() != key_count) {
        return make_error(ErrorKind::invalid, "invalid", "the cursor does not fit this sort order");
      }
      sql += after;
    }
    sql += order + " LIMIT ?";
    SQLite::Statement q(db, sql);
    int i = filter.bind(q);
    if (query.after) {
      for (const auto& key : query.after->keys)
        q.bind(i++, key);
      q.bind(i++, query.after->id);
    }
    q.bind(i++, static_cast<std::int64_t>(query.limit +
                                          1));  // one more tells whether a next page exists
    std::vector<Row> rows;
    while (q.executeStep())
      rows.push_back(read_member(q));
    if (rows.size() > query.limit) {
      rows.pop_back();
      const Row& last = rows.back();
      MemberCursor cursor;
      cursor.id = last.member.id;
      switch (query.sort) {
        case MemberSort::name:
          cursor.keys = {last.sort_name};
          break;
        case MemberSort::number:
          cursor.keys = {std::to_string(last.member.number)};
          break;
        case MemberSort::admission:
          cursor.keys = {last.member.admitted_on.value_or("")};
          break;
        case MemberSort::status:
          cursor.keys = {last.member.status, last.sort_name};
          break;
      }
      page.next = std::move(cursor);
    }
    for (auto& row : rows)
      page.items.push_back(std::move(row.member));
    if (query.with_total) {
      SQLite::Statement count(db, "SELECT count(*) FROM members" + filter.where);
      filter.bind(count);
      count.executeStep();
      page.total = count.getColumn(0).getInt64();
    }
    return page;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing members");
  }
}

}  // namespace registre::store
