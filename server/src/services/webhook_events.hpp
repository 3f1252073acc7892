#pragma once
// Announcing changes to outgoing webhook subscribers. Each function is called by the service that
// makes the change, INSIDE its write transaction: the outbox row commits with the change or not
// at all (no event without its change, no change without its event). They write nothing when no
// active subscription of the organisation asks for the event.
//
// What is sent: ids, statuses and dates for every subscriber; names, e-mail and phone only to
// subscriptions with the "contact" scope, and never for restricted (Art. 18) or erased members.
// Sensitive custom fields, notes, addresses and birth dates are never sent.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/consent_event.hpp"
#include "domain/member.hpp"

namespace registre::services::webhook_events {

Status member_created(SQLite::Database& db, const domain::Member& member, const std::string& at);

// member.updated with the API names of the changed fields; member.status_changed when the status
// moved; member.restricted when the record has just been restricted.
Status member_updated(SQLite::Database& db, const domain::Member& member,
                      const std::vector<std::string>& changed, const std::string& previous_status,
                      bool was_restricted, const std::string& at);

// A status the calendar moved (a membership ended, a departure date came).
Status member_status_changed(SQLite::Database& db, std::int64_t organization_id,
                             std::int64_t member_id, const std::string& from, const std::string& to,
                             const std::string& at);

struct PaidMembership {
  std::int64_t organization_id = 0, member_id = 0, membership_id = 0, type_id = 0;
  std::string starts_on;
  std::optional<std::string> ends_on;  // none: lifetime
  std::string paid_on;
};
Status membership_paid(SQLite::Database& db, const PaidMembership& paid, const std::string& at);

// consent.given / consent.withdrawn (refusals and objections are not announced).
Status consent_recorded(SQLite::Database& db, const domain::ConsentEvent& event,
                        std::int64_t member_id);

// Also blanks the personal part of earlier events about the member still in the outbox.
Status member_erased(SQLite::Database& db, std::int64_t organization_id, std::int64_t member_id,
                     const std::string& at);

struct RequestChange {
  std::int64_t organization_id = 0, request_id = 0;
  std::optional<std::int64_t> member_id;
  std::string kind, status, received_on, due_on;
};
Status request_opened(SQLite::Database& db, const RequestChange& request, const std::string& at);
Status request_closed(SQLite::Database& db, const RequestChange& request, const std::string& at);

}  // namespace registre::services::webhook_events
