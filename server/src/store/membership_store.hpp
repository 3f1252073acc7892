#pragma once
// The membership_types and memberships tables.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"

namespace registre::store {

struct MembershipType {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::string name;
  std::string period;  // calendar_year | season | rolling_months | lifetime
  int season_start_month = 9;
  int rolling_months = 12;
  std::int64_t amount_cents = 0;
  std::string currency = "EUR";
  std::string created_at;
};

struct Membership {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::int64_t member_id = 0;
  std::int64_t type_id = 0;
  std::string starts_on;
  std::optional<std::string> ends_on;  // none = lifetime
  std::int64_t amount_cents = 0;
  std::string currency;
  std::optional<std::string> paid_on;
  std::optional<std::string> payment_method;
  std::optional<std::string> reference;
  std::string created_at;
  std::string recorded_by;
};

// REQUIRES: a WriteTransaction is open. A duplicate name gives `conflict`.
Result<std::int64_t> insert_membership_type(SQLite::Database& db, const MembershipType& t);
Result<std::vector<MembershipType>> list_membership_types(SQLite::Database& db, std::int64_t organization_id);
Result<MembershipType> get_membership_type(SQLite::Database& db, std::int64_t organization_id, std::int64_t id);

// REQUIRES: a WriteTransaction is open.
Result<std::int64_t> insert_membership(SQLite::Database& db, const Membership& m);
Result<std::vector<Membership>> memberships_of(SQLite::Database& db, std::int64_t member_id);
// Every membership of an organisation, ordered by member (for status refreshes and lists).
Result<std::vector<Membership>> memberships_in(SQLite::Database& db, std::int64_t organization_id);
Result<bool> member_has_memberships(SQLite::Database& db, std::int64_t member_id);

}  // namespace registre::store
