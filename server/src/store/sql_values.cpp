#include "store/sql_values.hpp"

namespace registre::store {

std::optional<std::string> optional_text(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getString();
}

void bind_optional(SQLite::Statement& statement, int index,
                   const std::optional<std::string>& value) {
  if (value)
    statement.bind(index, *value);
  else
    statement.bind(index);
}

}  // namespace registre::store
