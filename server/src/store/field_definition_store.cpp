#include "store/field_definition_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "store/sqlite_error.hpp"

namespace registre::store {

Result<std::int64_t> insert_field_definition(SQLite::Database& db, const domain::FieldDefinition& d) {
  try {
    SQLite::Statement s(db,
                        "INSERT INTO field_definitions (organization_id, key, label, type, classification, "
                        "required, choices, created_at) VALUES (?,?,?,?,?,?,?,?)");
    s.bind(1, d.organization_id);
    s.bind(2, d.key);
    s.bind(3, d.label);
    s.bind(4, d.type);
    s.bind(5, d.classification);
    s.bind(6, d.required ? 1 : 0);
    s.bind(7, nlohmann::json(d.choices).dump());
    s.bind(8, d.created_at);
    s.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "creating a custom field");
  }
}

Result<std::vector<domain::FieldDefinition>> list_field_definitions(SQLite::Database& db, std::int64_t organization_id) {
  try {
    SQLite::Statement q(db,
                        "SELECT id, organization_id, key, label, type, classification, required, choices, created_at "
                        "FROM field_definitions WHERE organization_id = ? ORDER BY id");
    q.bind(1, organization_id);
    std::vector<domain::FieldDefinition> out;
    while (q.executeStep()) {
      domain::FieldDefinition d;
      d.id = q.getColumn(0).getInt64();
      d.organization_id = q.getColumn(1).getInt64();
      d.key = q.getColumn(2).getString();
      d.label = q.getColumn(3).getString();
      d.type = q.getColumn(4).getString();
      d.classification = q.getColumn(5).getString();
      d.required = q.getColumn(6).getInt() != 0;
      auto choices = nlohmann::json::parse(q.getColumn(7).getString(), nullptr, false);
      if (choices.is_array()) {
        for (const auto& c : choices) if (c.is_string()) d.choices.push_back(c.get<std::string>());
      }
      d.created_at = q.getColumn(8).getString();
      out.push_back(std::move(d));
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing custom fields");
  }
}

}  // namespace registre::store
