#pragma once
// The statements an import runs for every line, prepared once and reused for the whole import:
// preparing them again for each of 100 000 lines was almost half of an import's time
// (docs/performance.md). The rows written are exactly those of store/member_store.hpp and
// store/import_store.hpp, whose functions stay what the rest of the service uses.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "domain/member.hpp"

namespace registre::store {

// REQUIRES: a WriteTransaction is open on `db` for the writer's whole life, and the writer is
// destroyed before that transaction ends (its statements are finalised then).
class ImportWriter {
 public:
  ImportWriter(SQLite::Database& db, std::int64_t organization_id, std::int64_t batch_id);
  ImportWriter(const ImportWriter&) = delete;
  ImportWriter& operator=(const ImportWriter&) = delete;

  // The id of the organisation's member with this number, or with this (normalised) e-mail.
  Result<std::optional<std::int64_t>> member_id_by_number(std::int64_t number);
  Result<std::optional<std::int64_t>> member_id_by_email(const std::string& email);
  Result<domain::Member> get_member(std::int64_t member_id);

  // The number a new member gets: the organisation's highest plus one, read once, then counted
  // here (every insert goes through this writer while it lives).
  Result<std::int64_t> next_member_number();

  // As store::insert_member and store::update_member, search index included.
  Result<std::int64_t> insert_member(const domain::Member& m, const std::string& search_text);
  Status update_member(const domain::Member& m, const std::string& search_text);

  // As store::insert_import_record, for this writer's batch.
  Status insert_import_record(std::int64_t member_id, std::int64_t line,
                              const std::string& outcome);

 private:
  SQLite::Statement& prepared(std::optional<SQLite::Statement>& slot, const std::string& sql);
  void index(std::int64_t member_id, const std::string& search_text);

  SQLite::Database& db_;
  std::int64_t organization_id_;
  std::int64_t batch_id_;
  std::optional<std::int64_t> next_number_;
  std::optional<SQLite::Statement> by_number_, by_email_, get_, max_number_, insert_, update_,
      unindex_, index_, record_;
};

}  // namespace registre::store
