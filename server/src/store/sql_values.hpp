#pragma once
// Nullable text columns, read and bound the same way by every store: SQL NULL is std::nullopt,
// never an empty string (an empty string is a value the user gave).

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <optional>
#include <string>

namespace registre::store {

std::optional<std::string> optional_text(const SQLite::Column& column);

// Binds the text, or NULL when there is none.
void bind_optional(SQLite::Statement& statement, int index,
                   const std::optional<std::string>& value);

}  // namespace registre::store
