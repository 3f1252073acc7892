#include "store/member_rows.hpp"

#include <SQLiteCpp/Column.h>

#include "core/concat.hpp"

namespace registre::store::member_rows {
namespace {

// The columns bind_writable() binds, in its order.
constexpr const char* kWritable =
    "first_name, last_name, email, phone, address, postcode, city, country, birth_date, "
    "nextcloud_user, notes, household_id, admitted_on, left_on, status, restricted, updated_at, "
    "sort_name, custom, sealed";

}  // namespace

const char* const kColumns =
    "id, organization_id, number, pseudonym, first_name, last_name, email, phone, address, "
    "postcode, city, country, birth_date, nextcloud_user, notes, household_id, admitted_on, "
    "left_on, status, restricted, created_at, updated_at, version, sort_name, custom, sealed";

const char* const kUnindexSql = "DELETE FROM member_search WHERE rowid = ?";
const char* const kIndexSql = "INSERT INTO member_search (rowid, text) VALUES (?, ?)";

const std::string& insert_sql() {
  static const std::string sql =
      concat("INSERT INTO members (", kWritable,
             ", organization_id, number, pseudonym, created_at, version) VALUES "
             "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1)");
  return sql;
}

const std::string& update_sql() {
  static const std::string sql = [] {
    std::string out = "UPDATE members SET ";
    const std::string columns = kWritable;
    std::size_t pos = 0;
    bool first = true;
    while (pos < columns.size()) {
      auto comma = columns.find(',', pos);
      if (comma == std::string::npos) comma = columns.size();
      std::string name = columns.substr(pos, comma - pos);
      name.erase(0, name.find_first_not_of(' '));
      out += (first ? "" : ", ") + name + " = ?";
      first = false;
      pos = comma + 1;
    }
    return out + ", version = version + 1 WHERE id = ? AND organization_id = ? AND version = ?";
  }();
  return sql;
}

Row read_member(SQLite::Statement& q) {
  domain::Member m;
  m.id = q.getColumn(0).getInt64();
  m.organization_id = q.getColumn(1).getInt64();
  m.number = q.getColumn(2).getInt64();
  m.pseudonym = q.getColumn(3).getString();
  m.first_name = q.getColumn(4).getString();
  m.last_name = q.getColumn(5).getString();
  m.email = optional_text(q.getColumn(6));
  m.phone = optional_text(q.getColumn(7));
  m.address = optional_text(q.getColumn(8));
  m.postcode = optional_text(q.getColumn(9));
  m.city = optional_text(q.getColumn(10));
  m.country = optional_text(q.getColumn(11));
  m.birth_date = optional_text(q.getColumn(12));
  m.nextcloud_user = optional_text(q.getColumn(13));
  m.notes = q.getColumn(14).getString();
  if (!q.getColumn(15).isNull()) m.household_id = q.getColumn(15).getInt64();
  m.admitted_on = optional_text(q.getColumn(16));
  m.left_on = optional_text(q.getColumn(17));
  m.status = q.getColumn(18).getString();
  m.restricted = q.getColumn(19).getInt() != 0;
  m.created_at = q.getColumn(20).getString();
  m.updated_at = q.getColumn(21).getString();
  m.version = q.getColumn(22).getInt64();
  m.custom = q.getColumn(24).getString();
  if (const auto sealed = q.getColumn(25); !sealed.isNull()) {
    m.sealed.assign(static_cast<const char*>(sealed.getBlob()),
                    static_cast<std::size_t>(sealed.getBytes()));
  }
  return {std::move(m), q.getColumn(23).getString()};
}

int bind_writable(SQLite::Statement& s, const domain::Member& m) {
  int i = 1;
  s.bind(i++, m.first_name);
  s.bind(i++, m.last_name);
  bind_optional(s, i++, m.email);
  bind_optional(s, i++, m.phone);
  bind_optional(s, i++, m.address);
  bind_optional(s, i++, m.postcode);
  bind_optional(s, i++, m.city);
  bind_optional(s, i++, m.country);
  bind_optional(s, i++, m.birth_date);
  bind_optional(s, i++, m.nextcloud_user);
  s.bind(i++, m.notes);
  if (m.household_id)
    s.bind(i++, *m.household_id);
  else
    s.bind(i++);
  bind_optional(s, i++, m.admitted_on);
  bind_optional(s, i++, m.left_on);
  s.bind(i++, m.status);
  s.bind(i++, m.restricted ? 1 : 0);
  s.bind(i++, m.updated_at);
  s.bind(i++, domain::member_sort_name(m));
  s.bind(i++, m.custom);
  if (m.sealed.empty())
    s.bind(i++);
  else
    s.bind(i++, m.sealed.data(), static_cast<int>(m.sealed.size()));
  return i;
}

}  // namespace registre::store::member_rows
