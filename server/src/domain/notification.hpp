#pragma once
// Notifications to an organisation's managers (sent through AppAPI, see
// services/notification_service.hpp): what is due, the link into the app tab, the text in French
// or English, and the body Nextcloud expects. Pure: no I/O.
//
// Link format (the front end honours it): the app tab of Nextcloud plus a route in the fragment,
//   <NEXTCLOUD_URL>/index.php/apps/app_api/embedded/<APP_ID>/main#/organizations/{org}/<page>
// with <page> one of
//   requests/{request id}      a data-subject request
//   dues/renewals              the renewal report
//   retention                  the retention page (upcoming work)
//   retention/runs/{run id}    a completed retention run
//   imports/{batch id}         an import batch (its provenance report)
//   applications/{id}          a membership application (Forms; not sent yet)

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar_date.hpp"
#include "domain/subject_request.hpp"

namespace registre::domain {

// One notification that should reach some managers, before the "already sent?" check.
struct DueNotification {
  std::string
      kind;  // request_due, renewals_due, retention_upcoming, retention_completed, import_finished
  std::string object_key;  // unique per kind in the organisation: "12@2026-12-03", "2026-11", ...
  std::string route;       // fragment route without "#", e.g. "/organizations/1/requests/12"
  // Values for the placeholders of the kind's text ({request}, {date}, {count}, ...): ids, dates
  // and counts only, never a member's name.
  std::map<std::string, std::string> params;
  // Empty: every manager of the organisation. Otherwise only these Nextcloud users (e.g. the
  // manager who started an import).
  std::vector<std::string> recipients;
};

// Open and extended requests due on or before today + `days_ahead` (overdue ones included), one
// notification per request and due date (an extension moves the date: a new notification).
std::vector<DueNotification> requests_nearing_deadline(std::int64_t organization_id,
                                                       const std::vector<SubjectRequest>& requests,
                                                       Date today, int days_ahead);

// One digest a month while renewals are due: "{count} memberships due within {days} days".
// Nothing when `count` is 0.
std::vector<DueNotification> renewals_digest(std::int64_t organization_id, std::size_t count,
                                             Date today, int days_ahead);

// The absolute link into the app tab. `nextcloud_url` may end with "/"; `route` starts with "/".
std::string app_link(std::string_view nextcloud_url, std::string_view app_id,
                     std::string_view route);

struct NotificationText {
  std::string subject;  // with {placeholders}
  std::string message;  // with {placeholders}
};
// The kind's texts in `language` ("fr" or "en"); an unknown kind gets a generic text.
NotificationText notification_text(std::string_view kind, std::string_view language);

// The body of POST /ocs/v1.php/apps/app_api/api/v1/notification, nc_py_api's shape
// (provisioning.jsonl seq 35): {"params":{object, object_id, subject_type, subject_params:{
// rich_subject, rich_subject_params, rich_message, rich_message_params, link}}}. Each placeholder
// becomes a "highlight" rich object; `organization_name` fills {organization} in the message.
nlohmann::json notification_body(const DueNotification& n, std::int64_t organization_id,
                                 std::string_view organization_name, std::string_view language,
                                 std::string_view link);

}  // namespace registre::domain
