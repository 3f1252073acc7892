#pragma once
// The Nextcloud webhook inbox, the organisations' form mappings and the applications they give
// (schema/0012).

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/forms_application.hpp"

namespace registre::store {

struct InboxEntry {
  std::int64_t id = 0;
  std::string received_at;
  std::string event_class;
  std::string dedup_key;
  std::optional<std::string> body;  // while pending
  std::int64_t body_bytes = 0;
  std::string status = "pending";  // pending, done, ignored, rejected, failed
  std::optional<std::string> reason;
  std::int64_t attempts = 0;
  std::string next_attempt_at;
};

// Stores a delivery unless one with the same dedup_key is there; true when stored.
Result<bool> insert_inbox_entry(SQLite::Database& db, const InboxEntry& entry);
// Pending entries due at `now` (ISO UTC), oldest first.
Result<std::vector<InboxEntry>> due_inbox_entries(SQLite::Database& db, const std::string& now,
                                                  std::size_t limit);
// Ends an entry (done, ignored, rejected, failed): its body is cleared.
Status finish_inbox_entry(SQLite::Database& db, std::int64_t id, const std::string& status,
                          const std::optional<std::string>& reason, const std::string& at);
// Counts an attempt and sets the next one.
Status reschedule_inbox_entry(SQLite::Database& db, std::int64_t id, std::int64_t attempts,
                              const std::string& next_attempt_at, const std::string& reason);
Result<std::vector<InboxEntry>> inbox_entries(SQLite::Database& db);  // tests and diagnostics

// Form mappings.
Result<std::int64_t> insert_form_mapping(SQLite::Database& db, const domain::FormMapping& m);
Result<std::vector<domain::FormMapping>> form_mappings_of(SQLite::Database& db,
                                                          std::int64_t organization_id);
Result<domain::FormMapping> get_form_mapping(SQLite::Database& db, std::int64_t organization_id,
                                             std::int64_t id);  // not_found
Result<std::optional<domain::FormMapping>> form_mapping_for_form(SQLite::Database& db,
                                                                 std::int64_t form_id);
Status update_form_mapping(SQLite::Database& db, const domain::FormMapping& m);  // version += 1
Status delete_form_mapping(SQLite::Database& db, std::int64_t organization_id, std::int64_t id);
// Whether the purpose exists in the organisation.
Result<bool> purpose_of_organization(SQLite::Database& db, std::int64_t organization_id,
                                     std::int64_t purpose_id);

// Applications.
Result<std::optional<domain::Application>> application_for_submission(SQLite::Database& db,
                                                                      std::int64_t form_id,
                                                                      std::int64_t submission_id);
Result<std::int64_t> insert_application(SQLite::Database& db, const domain::Application& a);
Status update_application(SQLite::Database& db, const domain::Application& a);
// An organisation's applications, newest first; `status` empty = all.
Result<std::vector<domain::Application>> applications_of(SQLite::Database& db,
                                                         std::int64_t organization_id,
                                                         const std::string& status,
                                                         std::size_t limit);
Result<domain::Application> get_application(SQLite::Database& db, std::int64_t organization_id,
                                            std::int64_t id);  // not_found

}  // namespace registre::store
