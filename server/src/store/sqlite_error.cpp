#include "store/sqlite_error.hpp"

#include <sqlite3.h>

#include "core/log.hpp"

namespace registre::store {

Error from_sqlite(const SQLite::Exception& e, const std::string& context) {
  const int primary = e.getErrorCode() & 0xff;
  ErrorKind kind = ErrorKind::internal;
  // The storage failures get their own texts: the caller should learn that nothing was written
  // and why, not see a bare "not ready". A full disk is 507 (RFC 4918), any other I/O error 503.
  std::string title, detail = context + " failed";
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      kind = ErrorKind::unavailable;
      break;
    case SQLITE_FULL:
      kind = ErrorKind::insufficient_storage;
      title = "storage-full";
      detail = "storage-full-detail";
      break;
    case SQLITE_IOERR:
      kind = ErrorKind::unavailable;
      title = "storage-failed";
      detail = "storage-failed-detail";
      break;
    case SQLITE_CONSTRAINT:
      kind = ErrorKind::conflict;
      break;
    default:
      break;
  }
  // SQLite messages name tables and constraints, never row values: safe to log. A constraint
  // violation is the caller's input (a duplicate), not a fault of the service.
  log::write(kind == ErrorKind::conflict ? log::Level::info : log::Level::error, "database error",
             {{"context", context},
              {"sqlite_code", e.getExtendedErrorCode()},
              {"sqlite_message", e.what()}});
  return make_error(kind, title.empty() ? to_string(kind) : title, detail);
}

}  // namespace registre::store
