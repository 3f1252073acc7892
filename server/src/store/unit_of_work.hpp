#pragma once
// Runs a use case's writes in one IMMEDIATE transaction: all of them commit, or none does.
// Exceptions from SQLiteCpp (including BEGIN and COMMIT failing) become error values here.

#include <string>
#include <type_traits>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"
#include "store/sqlite_error.hpp"
#include "store/transaction.hpp"

namespace registre::store {

// `body(db)` returns a Result<T>; the transaction commits only when it is ok.
template <class Body>
auto in_write_transaction(SQLite::Database& db, const std::string& context, Body&& body)
    -> std::invoke_result_t<Body, SQLite::Database&> {
  try {
    WriteTransaction tx(db);
    auto result = body(db);
    if (result) tx.commit();
    return result;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, context);
  }
}

// Like in_write_transaction, but commits only when `commit(result)` says so: a preview (dry run)
// executes exactly what the real run would, and is then rolled back.
template <class Body, class Decide>
auto in_write_transaction_if(SQLite::Database& db, const std::string& context, Body&& body, Decide&& commit)
    -> std::invoke_result_t<Body, SQLite::Database&> {
  try {
    WriteTransaction tx(db);
    auto result = body(db);
    if (result && commit(result.value())) tx.commit();
    return result;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, context);
  }
}

// Runs `body(db)` on one consistent snapshot (reads spread over several statements, such as a
// verification that reads texts, checkpoints and events, must not see a write half-way).
template <class Body>
auto in_read_snapshot(SQLite::Database& db, const std::string& context, Body&& body)
    -> std::invoke_result_t<Body, SQLite::Database&> {
  try {
    ReadTransaction tx(db);
    return body(db);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, context);
  }
}

}  // namespace registre::store
