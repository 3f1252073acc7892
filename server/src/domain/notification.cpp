#include "domain/notification.hpp"

#include <chrono>

#include "core/i18n.hpp"

namespace registre::domain {
namespace {

std::string org_route(std::int64_t organization_id, std::string_view page) {
  return "/organizations/" + std::to_string(organization_id) + "/" + std::string(page);
}

// The {name} placeholders of a text, in order of appearance.
std::vector<std::string> placeholders(std::string_view text) {
  std::vector<std::string> names;
  std::size_t at = 0;
  while ((at = text.find('{', at)) != std::string_view::npos) {
    const std::size_t end = text.find('}', at + 1);
    if (end == std::string_view::npos) break;
    names.emplace_back(text.substr(at + 1, end - at - 1));
    at = end + 1;
  }
  return names;
}

nlohmann::json rich_parameters(std::string_view text,
                               const std::map<std::string, std::string>& values) {
  nlohmann::json params = nlohmann::json::object();
  for (const auto& name : placeholders(text)) {
    auto it = values.find(name);
    const std::string value = it == values.end() ? std::string() : it->second;
    params[name] = {{"type", "highlight"}, {"id", value}, {"name", value}};
  }
  return params;
}

}  // namespace

std::vector<DueNotification> requests_nearing_deadline(std::int64_t organization_id,
                                                       const std::vector<SubjectRequest>& requests,
                                                       Date today, int days_ahead) {
  const std::string horizon =
      format_iso(Date{std::chrono::sys_days(today) + std::chrono::days(days_ahead)});
  std::vector<DueNotification> due;
  for (const auto& r : requests) {
    if (!is_open(r) || r.due_on > horizon) continue;
    DueNotification n;
    n.kind = "request_due";
    n.object_key = std::to_string(r.id) + "@" + r.due_on;
    n.route = org_route(organization_id, "requests/" + std::to_string(r.id));
    n.params = {{"request", "#" + std::to_string(r.id)}, {"date", r.due_on}};
    due.push_back(std::move(n));
  }
  return due;
}

std::vector<DueNotification> renewals_digest(std::int64_t organization_id, std::size_t count,
                                             Date today, int days_ahead) {
  if (count == 0) return {};
  DueNotification n;
  n.kind = "renewals_due";
  n.object_key = format_iso(today).substr(0, 7);  // one a month: "2026-11"
  n.route = org_route(organization_id, "dues/renewals");
  n.params = {{"count", std::to_string(count)}, {"days", std::to_string(days_ahead)}};
  return {std::move(n)};
}

std::string app_link(std::string_view nextcloud_url, std::string_view app_id,
                     std::string_view route) {
  std::string link(nextcloud_url);
  while (!link.empty() && link.back() == '/')
    link.pop_back();
  link += "/index.php/apps/app_api/embedded/";
  link += app_id;
  link += "/main";
  if (!route.empty()) {
    link += "#";
    link += route;
  }
  return link;
}

NotificationText notification_text(std::string_view kind, std::string_view language) {
  const std::string subject_id = "notification-" + std::string(kind);
  std::string subject = i18n::translate(language, subject_id);
  if (subject == subject_id) subject = i18n::translate(language, "notification-generic");
  return {subject, i18n::translate(language, "notification-message")};
}

nlohmann::json notification_body(const DueNotification& n, std::int64_t organization_id,
                                 std::string_view organization_name, std::string_view language,
                                 std::string_view link) {
  const NotificationText text = notification_text(n.kind, language);
  std::map<std::string, std::string> values = n.params;
  values["organization"] = std::string(organization_name);
  return {{"params",
           {{"object", n.kind},
            {"object_id", std::to_string(organization_id) + ":" + n.object_key},
            {"subject_type", "registre_" + n.kind},
            {"subject_params",
             {{"rich_subject", text.subject},
              {"rich_subject_params", rich_parameters(text.subject, values)},
              {"rich_message", text.message},
              {"rich_message_params", rich_parameters(text.message, values)},
              {"link", std::string(link)}}}}}};
}

}  // namespace registre::domain
