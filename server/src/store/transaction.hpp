#pragma once
// A write transaction that takes SQLite's write lock at once (BEGIN IMMEDIATE), so that a
// read-then-write inside it (e.g. the audit chain's previous hash) cannot race another writer,
// and rolls back in its destructor unless committed. The destructor never throws.

#include <SQLiteCpp/Database.h>

namespace registre::store {

class WriteTransaction {
 public:
  explicit WriteTransaction(SQLite::Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  ~WriteTransaction() {
    if (!done_) {
      try {
        db_.exec("ROLLBACK");
      } catch (...) {  // nothing sensible to do: SQLite rolls back on close anyway
      }
    }
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  void commit() {
    db_.exec("COMMIT");
    done_ = true;
  }

 private:
  SQLite::Database& db_;
  bool done_ = false;
};

// A read transaction (deferred BEGIN): every statement inside sees the same snapshot of the
// database, whatever writers commit meanwhile. Ends in its destructor; never throws from it.
class ReadTransaction {
 public:
  explicit ReadTransaction(SQLite::Database& db) : db_(db) { db_.exec("BEGIN"); }
  ~ReadTransaction() {
    try {
      db_.exec("ROLLBACK");  // nothing was written: ending it either way releases the snapshot
    } catch (...) {
    }
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  SQLite::Database& db_;
};

}  // namespace registre::store
