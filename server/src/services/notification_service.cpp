#include "services/notification_service.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include "core/log.hpp"
#include "services/dues_service.hpp"
#include "services/organization_today.hpp"
#include "store/notification_store.hpp"
#include "store/organization_store.hpp"
#include "store/retention_store.hpp"
#include "store/role_grant_store.hpp"
#include "store/subject_request_store.hpp"
#include "store/transaction.hpp"

namespace registre::services {
namespace {

// "user:bob" (an audit name) -> "bob"; other actors (system, nextcloud) -> "".
std::string user_of(const std::string& audit_name) {
  constexpr std::string_view prefix = "user:";
  if (audit_name.rfind(prefix, 0) != 0) return {};
  return audit_name.substr(prefix.size());
}

std::size_t total_of(const std::string& counts_json) {
  const auto counts = nlohmann::json::parse(counts_json, nullptr, false);
  std::size_t total = 0;
  if (!counts.is_object()) return total;
  for (const auto& [name, value] : counts.items()) {
    if (value.is_number_unsigned()) total += value.get<std::size_t>();
  }
  return total;
}

}  // namespace

NotificationService::NotificationService(store::Database& db, const Clock& clock,
                                         NotificationChannel& channel, NotificationOptions options)
    : db_(db), clock_(clock), channel_(channel), options_(std::move(options)) {}

void NotificationService::add_source(std::string name, NotificationSource source) {
  sources_.emplace_back(std::move(name), std::move(source));
}

Result<std::vector<std::string>> NotificationService::managers_of(SQLite::Database& db,
                                                                  std::int64_t organization_id) {
  auto grants = store::list_role_grants(db, organization_id);
  if (!grants) return std::move(grants).error();
  std::set<std::string> users;
  for (const auto& grant : grants.value()) {
    if (grant.role != "manager") continue;
    if (grant.principal_type == "user") {
      users.insert(grant.principal_id);
      continue;
    }
    // A group grant: its members, as the administrator who made the grant (provisioning needs an
    // administrator). When that fails (the account is gone or no longer an administrator), the
    // group's members are not notified this time; the grant is named in the log, not the users.
    auto members = channel_.group_members(grant.principal_id, user_of(grant.granted_by));
    if (!members) {
      log::warn("notification recipients: group members unknown",
                {{"organization", organization_id},
                 {"grant", grant.id},
                 {"detail", members.error().detail}});
      continue;
    }
    users.insert(members->begin(), members->end());
  }
  return std::vector<std::string>(users.begin(), users.end());
}

Result<NotificationRunReport> NotificationService::run() {
  std::lock_guard lock(running_);
  NotificationRunReport report;
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  SQLite::Database& db = lease->db();
  auto organizations = store::list_organizations(db);
  if (!organizations) return std::move(organizations).error();

  for (const auto& organization : organizations.value()) {
    if (organization.archived) continue;
    auto today = today_in(db, organization.id, clock_);
    if (!today) {  // e.g. a time zone this system lacks: the other organisations still hear
      log::error("notifications: no date for the organisation",
                 {{"organization", organization.id}, {"detail", today.error().detail}});
      continue;
    }
    const NotificationSourceContext context{organization.id, today.value(), clock_.now()};

    std::vector<domain::DueNotification> due;
    for (const auto& [name, source] : sources_) {
      auto found = source(db, context);
      if (!found) {
        log::error("notification source failed", {{"source", name},
                                                  {"organization", organization.id},
                                                  {"detail", found.error().detail}});
        continue;
      }
      std::move(found->begin(), found->end(), std::back_inserter(due));
    }
    if (due.empty()) continue;
    auto managers = managers_of(db, organization.id);
    if (!managers) return std::move(managers).error();

    for (const auto& notification : due) {
      const auto& recipients =
          notification.recipients.empty() ? managers.value() : notification.recipients;
      const std::string link =
          domain::app_link(options_.nextcloud_url, options_.app_id, notification.route);
      const nlohmann::json body = domain::notification_body(
          notification, organization.id, organization.name, options_.language, link);
      for (const auto& recipient : recipients) {
        const store::NotificationKey key{organization.id, notification.kind,
                                         notification.object_key, recipient};
        auto settled = store::notification_settled(db, key, kMaxAttempts);
        if (!settled) return std::move(settled).error();
        if (settled.value()) continue;

        auto delivered = channel_.send(recipient, body);
        std::string error;
        if (!delivered)
          error = delivered.error().detail.empty() ? "unreachable" : delivered.error().detail;
        else if (!delivered.value())
          error = "refused by Nextcloud";
        store::WriteTransaction tx(db);
        if (auto r = store::record_notification_attempt(db, key, format_utc(clock_.now()), error);
            !r)
          return std::move(r).error();
        tx.commit();
        if (error.empty()) {
          ++report.sent;
          continue;
        }
        ++report.failed;
        if (!delivered) {  // unreachable, or credentials refused: never insist (NEXTCLOUD.md §8)
          report.stopped = true;
          return report;
        }
      }
    }
  }
  return report;
}

NotificationSource subject_requests_source(int days_ahead) {
  return [days_ahead](
             SQLite::Database& db,
             const NotificationSourceContext& c) -> Result<std::vector<domain::DueNotification>> {
    auto open = store::list_subject_requests(db, c.organization_id, true);
    if (!open) return std::move(open).error();
    return domain::requests_nearing_deadline(c.organization_id, open.value(), c.today, days_ahead);
  };
}

NotificationSource renewals_source(DuesService& dues, int days_ahead) {
  return [&dues, days_ahead](
             SQLite::Database&,
             const NotificationSourceContext& c) -> Result<std::vector<domain::DueNotification>> {
    auto lines = dues.renewals_due(c.organization_id, days_ahead);
    if (!lines) return std::move(lines).error();
    return domain::renewals_digest(c.organization_id, lines->size(), c.today, days_ahead);
  };
}

NotificationSource retention_notices_source(std::chrono::hours max_age) {
  return [max_age](
             SQLite::Database& db,
             const NotificationSourceContext& c) -> Result<std::vector<domain::DueNotification>> {
    auto notices = store::list_notices(db, c.organization_id, 50);
    if (!notices) return std::move(notices).error();
    const std::string since = format_utc(c.now - max_age);
    std::vector<domain::DueNotification> due;
    for (const auto& notice : notices.value()) {
      if (notice.created_at < since) continue;
      domain::DueNotification n;
      n.object_key = std::to_string(notice.id);
      const std::string count = std::to_string(total_of(notice.counts));
      const std::string org = "/organizations/" + std::to_string(c.organization_id);
      if (notice.kind == "completed" && notice.run_id) {
        n.kind = "retention_completed";
        n.route = org + "/retention/runs/" + std::to_string(*notice.run_id);
        n.params = {{"run", "#" + std::to_string(*notice.run_id)}, {"count", count}};
      } else {
        n.kind = "retention_upcoming";
        n.route = org + "/retention";
        n.params = {{"date", notice.horizon}, {"count", count}};
      }
      due.push_back(std::move(n));
    }
    return due;
  };
}

NotificationSource imports_source(std::chrono::hours max_age) {
  return [max_age](
             SQLite::Database& db,
             const NotificationSourceContext& c) -> Result<std::vector<domain::DueNotification>> {
    auto imports = store::imports_since(db, c.organization_id, format_utc(c.now - max_age));
    if (!imports) return std::move(imports).error();
    std::vector<domain::DueNotification> due;
    for (const auto& batch : imports.value()) {
      domain::DueNotification n;
      n.kind = "import_finished";
      n.object_key = std::to_string(batch.id);
      n.route = "/organizations/" + std::to_string(c.organization_id) + "/imports/" +
                std::to_string(batch.id);
      n.params = {{"import", "#" + std::to_string(batch.id)},
                  {"created", std::to_string(batch.created)},
                  {"updated", std::to_string(batch.updated)},
                  {"skipped", std::to_string(batch.skipped)}};
      // The manager who ran it hears of it; an import made by no user goes to every manager.
      if (auto user = user_of(batch.imported_by); !user.empty()) n.recipients = {user};
      due.push_back(std::move(n));
    }
    return due;
  };
}

NotificationSource applications_source(std::chrono::hours max_age) {
  return [max_age](
             SQLite::Database& db,
             const NotificationSourceContext& c) -> Result<std::vector<domain::DueNotification>> {
    auto waiting = store::waiting_applications(db, c.organization_id, format_utc(c.now - max_age));
    if (!waiting) return std::move(waiting).error();
    std::vector<domain::DueNotification> due;
    // One notice per newly received application, counting all that wait: keyed by the newest.
    if (waiting->newest_recent_id == 0) return due;
    domain::DueNotification n;
    n.kind = "applications_waiting";
    n.object_key = std::to_string(waiting->newest_recent_id);
    n.route = "/organizations/" + std::to_string(c.organization_id) + "/applications";
    n.params = {{"count", std::to_string(waiting->count)}};
    due.push_back(std::move(n));
    return due;
  };
}

void add_builtin_sources(NotificationService& service, DuesService& dues,
                         const NotificationOptions& options) {
  service.add_source("subject requests", subject_requests_source(options.request_days_ahead));
  service.add_source("renewals", renewals_source(dues, options.renewal_days_ahead));
  service.add_source("retention notices", retention_notices_source(options.notice_max_age));
  service.add_source("imports", imports_source(options.import_max_age));
  service.add_source("forms applications", applications_source(options.notice_max_age));
}

}  // namespace registre::services
