#include "domain/notification.hpp"

#include <doctest/doctest.h>

using namespace registre::domain;
using namespace std::chrono;

namespace {
Date d(int y, unsigned m, unsigned day_of_month) {
  return Date{year{y}, month{m}, day{day_of_month}};
}

SubjectRequest request(std::int64_t id, const std::string& due_on,
                       const std::string& status = "open") {
  SubjectRequest r;
  r.id = id;
  r.kind = "access";
  r.received_on = "2026-10-01";
  r.due_on = due_on;
  r.status = status;
  return r;
}
}  // namespace

TEST_CASE("requests are due from `days_ahead` days before their deadline, overdue ones included") {
  const std::vector<SubjectRequest> requests = {
      request(1, "2026-12-06"),            // exactly 7 days ahead: due
      request(2, "2026-12-07"),            // 8 days ahead: not yet
      request(3, "2026-11-20"),            // overdue: due
      request(4, "2026-12-01", "closed"),  // answered: never
      request(5, "2026-12-02", "extended"),
  };
  auto due = requests_nearing_deadline(9, requests, d(2026, 11, 29), 7);
  REQUIRE(due.size() == 3);
  CHECK(due[0].object_key == "1@2026-12-06");
  CHECK(due[1].object_key == "3@2026-11-20");
  CHECK(due[2].object_key == "5@2026-12-02");
  CHECK(due[0].kind == "request_due");
  CHECK(due[0].route == "/organizations/9/requests/1");
  CHECK(due[0].params.at("request") == "#1");
  CHECK(due[0].params.at("date") == "2026-12-06");
  CHECK(due[0].recipients.empty());  // every manager
  // An extension moves the deadline: the key changes, so managers hear of it again.
  auto extended =
      requests_nearing_deadline(9, {request(1, "2027-01-06", "extended")}, d(2027, 1, 1), 7);
  REQUIRE(extended.size() == 1);
  CHECK(extended[0].object_key == "1@2027-01-06");
}

TEST_CASE("the renewal digest comes once a month, and only when renewals are due") {
  CHECK(renewals_digest(3, 0, d(2026, 11, 29), 30).empty());
  auto digest = renewals_digest(3, 12, d(2026, 11, 29), 30);
  REQUIRE(digest.size() == 1);
  CHECK(digest[0].object_key == "2026-11");
  CHECK(renewals_digest(3, 12, d(2026, 11, 1), 30)[0].object_key == "2026-11");
  CHECK(renewals_digest(3, 12, d(2026, 12, 1), 30)[0].object_key == "2026-12");
  CHECK(digest[0].route == "/organizations/3/dues/renewals");
  CHECK(digest[0].params.at("count") == "12");
  CHECK(digest[0].params.at("days") == "30");
}

TEST_CASE("the link opens the app tab on the notification's page") {
  CHECK(app_link("https://cloud.example.org", "registre", "/organizations/1/requests/12") ==
        "https://cloud.example.org/index.php/apps/app_api/embedded/registre/main#/organizations/1/"
        "requests/12");
  CHECK(app_link("https://example.org/nextcloud/", "registre", "/organizations/2/dues/renewals") ==
        "https://example.org/nextcloud/index.php/apps/app_api/embedded/registre/main#/"
        "organizations/2/dues/renewals");
  CHECK(app_link("http://127.0.0.1:8080", "registre", "") ==
        "http://127.0.0.1:8080/index.php/apps/app_api/embedded/registre/main");
}

TEST_CASE("texts come in French and English, with placeholders for Nextcloud to fill") {
  for (const char* kind : {"request_due", "renewals_due", "retention_upcoming",
                           "retention_completed", "import_finished"}) {
    const auto en = notification_text(kind, "en");
    const auto fr = notification_text(kind, "fr");
    CHECK_MESSAGE(en.subject != fr.subject, kind);
    CHECK(en.subject.find('{') != std::string::npos);
    CHECK(en.message == "Organisation: {organization}");
  }
  CHECK(notification_text("request_due", "en").subject ==
        "Data-subject request {request} is due on {date}");
  CHECK(notification_text("request_due", "fr").subject ==
        "La demande de droits {request} doit recevoir une réponse au plus tard le {date}");
  // A kind without a text of its own (a new source) still says something.
  CHECK(notification_text("application_waiting", "en").subject == "Something needs your attention");
}

TEST_CASE("the body has nc_py_api's shape, every placeholder as a highlight, and ids only") {
  auto due = requests_nearing_deadline(4, {request(12, "2026-12-03")}, d(2026, 11, 29), 7);
  REQUIRE(due.size() == 1);
  const std::string link = app_link("https://cloud.example.org", "registre", due[0].route);
  const auto body = notification_body(due[0], 4, "Les Amis du Vélo", "en", link);
  const auto& params = body.at("params");
  CHECK(params.at("object") == "request_due");
  CHECK(params.at("object_id") == "4:12@2026-12-03");
  CHECK(params.at("subject_type") == "registre_request_due");
  const auto& subject = params.at("subject_params");
  CHECK(subject.at("rich_subject") == "Data-subject request {request} is due on {date}");
  CHECK(subject.at("rich_subject_params") ==
        nlohmann::json::parse(R"({"request":{"type":"highlight","id":"#12","name":"#12"},
                                  "date":{"type":"highlight","id":"2026-12-03","name":"2026-12-03"}})"));
  CHECK(subject.at("rich_message") == "Organisation: {organization}");
  CHECK(subject.at("rich_message_params").at("organization").at("name") == "Les Amis du Vélo");
  CHECK(subject.at("link") == link);
}
