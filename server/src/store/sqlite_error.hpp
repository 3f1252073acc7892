#pragma once
// SQLiteCpp throws; the rest of the program speaks in error values. The conversion happens here,
// at the store's edge, and nowhere else.

#include <string>

#include <SQLiteCpp/Exception.h>

#include "core/error.hpp"

namespace registre::store {

// `context` says what was being done ("listing organizations"); it goes into the error detail
// and must not contain personal data.
Error from_sqlite(const SQLite::Exception& e, const std::string& context);

}  // namespace registre::store
