#include "store/sqlite_error.hpp"

#include <sqlite3.h>

#include "core/log.hpp"

namespace registre::store {

Error from_sqlite(const SQLite::Exception& e, const std::string& context) {
  const int primary = e.getErrorCode() & 0xff;
  ErrorKind kind = ErrorKind::internal;
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
      kind = ErrorKind::unavailable;
      break;
    case SQLITE_CONSTRAINT:
      kind = ErrorKind::conflict;
      break;
    default:
      break;
  }
  // SQLite messages name tables and constraints, never row values: safe to log. A constraint
  // violation is the caller's input (a duplicate), not a fault of the service.
  log::write(kind == ErrorKind::conflict ? log::Level::info : log::Level::error, "database error", {{"context", context}, {"sqlite_code", e.getExtendedErrorCode()},
                                {"sqlite_message", e.what()}});
  return make_error(kind, to_string(kind), context + " failed");
}

}  // namespace registre::store
