#include "store/member_status_rows.hpp"

#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "store/sql_values.hpp"
#include "store/sqlite_error.hpp"

namespace registre::store {

Result<std::vector<MemberStatusRow>> member_status_rows(SQLite::Database& db,
                                                        std::int64_t organization_id,
                                                        std::int64_t after_id, std::size_t limit) {
  try {
    // A range of the rowid, not the organisation's index (see the + below).
    SQLite::Statement members(db,
                              "SELECT id, admitted_on, left_on, status FROM members"
                              " WHERE +organization_id = ? AND id > ? ORDER BY id LIMIT ?");
    members.bind(1, organization_id);
    members.bind(2, after_id);
    members.bind(3, static_cast<std::int64_t>(limit));
    std::vector<MemberStatusRow> rows;
    while (members.executeStep()) {
      MemberStatusRow row;
      row.id = members.getColumn(0).getInt64();
      row.admitted_on = optional_text(members.getColumn(1));
      row.left_on = optional_text(members.getColumn(2));
      row.status = members.getColumn(3).getString();
      rows.push_back(std::move(row));
    }
    if (rows.empty()) return rows;
    // One range read over memberships_by_member for the whole run of ids. The unary + keeps
    // SQLite from choosing the organisation's indexes instead, which would read the whole
    // organisation at every step (measured: a refresh of 100 000 members never finished).
    SQLite::Statement memberships(
        db,
        "SELECT member_id, starts_on, ends_on, paid_on IS NOT NULL FROM memberships"
        " WHERE member_id BETWEEN ? AND ? AND +organization_id = ? ORDER BY member_id");
    memberships.bind(1, rows.front().id);
    memberships.bind(2, rows.back().id);
    memberships.bind(3, organization_id);
    auto row = rows.begin();
    while (memberships.executeStep()) {
      const std::int64_t member_id = memberships.getColumn(0).getInt64();
      row = std::lower_bound(row, rows.end(), member_id,
                             [](const MemberStatusRow& r, std::int64_t id) { return r.id < id; });
      if (row == rows.end()) break;
      if (row->id != member_id) continue;  // a member of another organisation in the id range
      row->memberships.push_back({memberships.getColumn(1).getString(),
                                  optional_text(memberships.getColumn(2)),
                                  memberships.getColumn(3).getInt() != 0});
    }
    return rows;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading member statuses");
  }
}

}  // namespace registre::store
