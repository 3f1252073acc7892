#pragma once
// The members table's columns, how a row is read into a Member and how a Member is bound: shared
// by store/member_store.cpp (one statement per call) and store/import_writer.cpp (statements
// prepared once per import), so both write exactly the same row. Internal to store/.

#include <SQLiteCpp/Statement.h>

#include <optional>
#include <string>

#include "domain/member.hpp"
#include "store/sql_values.hpp"

namespace registre::store::member_rows {

// Every column, in the order read_member() reads them.
extern const char* const kColumns;

// INSERT of a new member: bind_writable(), then organization_id, number, pseudonym, created_at.
const std::string& insert_sql();

// UPDATE of every writable column when the stored version is the one bound last: bind_writable(),
// then id, organization_id, version - 1. One row changed, or none when the version moved on.
const std::string& update_sql();

// Keeping the search index in step: delete then insert the member's folded text (bind rowid,
// then rowid and text).
extern const char* const kUnindexSql;
extern const char* const kIndexSql;

struct Row {
  domain::Member member;
  std::string sort_name;
};

Row read_member(SQLite::Statement& q);

// Binds the writable columns from index 1; returns the next free index.
int bind_writable(SQLite::Statement& s, const domain::Member& m);

}  // namespace registre::store::member_rows
