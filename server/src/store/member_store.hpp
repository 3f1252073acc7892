#pragma once
// The members table and its search index.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"
#include "domain/member.hpp"

namespace registre::store {

// The next member number of an organisation. REQUIRES: a WriteTransaction is open (so two
// creations cannot take the same number).
Result<std::int64_t> next_member_number(SQLite::Database& db, std::int64_t organization_id);

// Inserts, and indexes `search_text`. REQUIRES: a WriteTransaction is open.
Result<std::int64_t> insert_member(SQLite::Database& db, const domain::Member& m,
                                   const std::string& search_text);

// Writes every column of `m` when the stored version is still `m.version - 1`; `conflict`
// (precondition_failed) otherwise. REQUIRES: a WriteTransaction is open.
Status update_member(SQLite::Database& db, const domain::Member& m, const std::string& search_text);

Result<domain::Member> get_member(SQLite::Database& db, std::int64_t organization_id, std::int64_t member_id);

// REQUIRES: a WriteTransaction is open.
Status delete_member(SQLite::Database& db, std::int64_t organization_id, std::int64_t member_id);

// Whether another member names this one as its household.
Result<bool> member_has_dependants(SQLite::Database& db, std::int64_t member_id);

// Sets the derived status without a new version: it follows from dates and dues, not from an edit.
// REQUIRES: a WriteTransaction is open.
Status set_member_status(SQLite::Database& db, std::int64_t member_id, const std::string& status);

// Every member of an organisation (for status refreshes and the treasurer's lists).
Result<std::vector<domain::Member>> all_members(SQLite::Database& db, std::int64_t organization_id);

enum class MemberSort { name, number, admission, status };

// A position in a sorted list: the sort keys of the last row seen and its id.
struct MemberCursor {
  std::vector<std::string> keys;
  std::int64_t id = 0;
};

// Members whose custom value `key` equals one of `values` (for multiple choice: holds one of them).
struct CustomValueFilter {
  std::string key;                  // a defined field key, [a-z][a-z0-9_]*
  bool multiple = false;            // the field holds an array (multiple choice)
  std::string values_json;          // a JSON array of the accepted values, as stored
};

// Members with (or, when `paid` is false, without) a paid membership covering `on`.
struct PaidFilter {
  bool paid = true;
  std::string on;  // ISO date: today in the organisation's time zone
};

struct MemberQuery {
  std::int64_t organization_id = 0;
  MemberSort sort = MemberSort::name;
  std::vector<std::string> statuses;        // empty = all
  std::string match;                        // FTS5 expression over the folded text; empty = all
  std::optional<std::int64_t> number;       // the query was a member number
  std::vector<std::int64_t> type_ids;       // latest membership of one of these types; empty = all
  std::optional<PaidFilter> paid;
  std::vector<CustomValueFilter> custom;    // all must hold
  std::size_t limit = 50;
  std::optional<MemberCursor> after;
  bool with_total = false;
};

struct MemberPage {
  std::vector<domain::Member> items;
  std::optional<MemberCursor> next;  // present when more rows follow
  std::optional<std::int64_t> total;
};

Result<MemberPage> list_members(SQLite::Database& db, const MemberQuery& query);

}  // namespace registre::store
