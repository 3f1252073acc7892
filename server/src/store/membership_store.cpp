#include "store/membership_store.hpp"

#include <SQLiteCpp/Statement.h>

#include "store/sql_values.hpp"
#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

constexpr const char* kTypeColumns =
    "id, organization_id, name, period, season_start_month, rolling_months, amount_cents, "
    "currency, created_at";
constexpr const char* kMembershipColumns =
    "id, organization_id, member_id, type_id, starts_on, ends_on, amount_cents, currency, paid_on, "
    "payment_method, reference, created_at, recorded_by";

MembershipType read_type(SQLite::Statement& q) {
  MembershipType t;
  t.id = q.getColumn(0).getInt64();
  t.organization_id = q.getColumn(1).getInt64();
  t.name = q.getColumn(2).getString();
  t.period = q.getColumn(3).getString();
  t.season_start_month = q.getColumn(4).getInt();
  t.rolling_months = q.getColumn(5).getInt();
  t.amount_cents = q.getColumn(6).getInt64();
  t.currency = q.getColumn(7).getString();
  t.created_at = q.getColumn(8).getString();
  return t;
}

Membership read_membership(SQLite::Statement& q) {
  Membership m;
  m.id = q.getColumn(0).getInt64();
  m.organization_id = q.getColumn(1).getInt64();
  m.member_id = q.getColumn(2).getInt64();
  m.type_id = q.getColumn(3).getInt64();
  m.starts_on = q.getColumn(4).getString();
  m.ends_on = optional_text(q.getColumn(5));
  m.amount_cents = q.getColumn(6).getInt64();
  m.currency = q.getColumn(7).getString();
  m.paid_on = optional_text(q.getColumn(8));
  m.payment_method = optional_text(q.getColumn(9));
  m.reference = optional_text(q.getColumn(10));
  m.created_at = q.getColumn(11).getString();
  m.recorded_by = q.getColumn(12).getString();
  return m;
}

Result<std::vector<Membership>> query_memberships(SQLite::Database& db, const std::string& where,
                                                  std::int64_t id, const char* context) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kMembershipColumns +
                                " FROM memberships WHERE " + where +
                                " ORDER BY member_id, starts_on, id");
    q.bind(1, id);
    std::vector<Membership> out;
    while (q.executeStep())
      out.push_back(read_membership(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, context);
  }
}

}  // namespace

Result<std::int64_t> insert_membership_type(SQLite::Database& db, const MembershipType& t) {
  try {
    SQLite::Statement s(
        db,
        "INSERT INTO membership_types (organization_id, name, period, season_start_month, "
        "rolling_months, amount_cents, currency, created_at) VALUES (?,?,?,?,?,?,?,?)");
    s.bind(1, t.organization_id);
    s.bind(2, t.name);
    s.bind(3, t.period);
    s.bind(4, t.season_start_month);
    s.bind(5, t.rolling_months);
    s.bind(6, t.amount_cents);
    s.bind(7, t.currency);
    s.bind(8, t.created_at);
    s.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "creating a membership type");
  }
}

Result<std::vector<MembershipType>> list_membership_types(SQLite::Database& db,
                                                          std::int64_t organization_id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kTypeColumns +
                                " FROM membership_types WHERE organization_id = ? ORDER BY name");
    q.bind(1, organization_id);
    std::vector<MembershipType> out;
    while (q.executeStep())
      out.push_back(read_type(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing membership types");
  }
}

Result<MembershipType> get_membership_type(SQLite::Database& db, std::int64_t organization_id,
                                           std::int64_t id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kTypeColumns +
                                " FROM membership_types WHERE id = ? AND organization_id = ?");
    q.bind(1, id);
    q.bind(2, organization_id);
    if (!q.executeStep())
      return make_error(ErrorKind::not_found, "not-found", "no such membership type");
    return read_type(q);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a membership type");
  }
}

Result<std::int64_t> insert_membership(SQLite::Database& db, const Membership& m) {
  try {
    SQLite::Statement s(
        db,
        "INSERT INTO memberships (organization_id, member_id, type_id, starts_on, ends_on, "
        "amount_cents, currency, paid_on, payment_method, reference, created_at, recorded_by) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    s.bind(1, m.organization_id);
    s.bind(2, m.member_id);
    s.bind(3, m.type_id);
    s.bind(4, m.starts_on);
    bind_optional(s, 5, m.ends_on);
    s.bind(6, m.amount_cents);
    s.bind(7, m.currency);
    bind_optional(s, 8, m.paid_on);
    bind_optional(s, 9, m.payment_method);
    bind_optional(s, 10, m.reference);
    s.bind(11, m.created_at);
    s.bind(12, m.recorded_by);
    s.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "recording a membership");
  }
}

Result<std::vector<Membership>> memberships_of(SQLite::Database& db, std::int64_t member_id) {
  return query_memberships(db, "member_id = ?", member_id, "reading memberships");
}

Result<std::vector<Membership>> memberships_in(SQLite::Database& db, std::int64_t organization_id) {
  return query_memberships(db, "organization_id = ?", organization_id, "reading memberships");
}

Result<bool> member_has_memberships(SQLite::Database& db, std::int64_t member_id) {
  try {
    SQLite::Statement q(db, "SELECT EXISTS (SELECT 1 FROM memberships WHERE member_id = ?)");
    q.bind(1, member_id);
    q.executeStep();
    return q.getColumn(0).getInt() != 0;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "checking memberships");
  }
}

}  // namespace registre::store
