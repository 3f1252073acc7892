#include "domain/subject_request.hpp"

#include <doctest/doctest.h>

using namespace registre::domain;
using namespace std::chrono;

namespace {
Date d(int y, unsigned m, unsigned day_of_month) {
  return Date{year{y}, month{m}, day{day_of_month}};
}

SubjectRequest received_on(const std::string& date) {
  SubjectRequest r;
  r.kind = "access";
  r.received_on = date;
  r.due_on = format_iso(add_months(*parse_date(date), kAnswerMonths));
  return r;
}
}  // namespace

TEST_CASE("one month later, or the last day of a shorter month") {
  CHECK(add_months(d(2026, 1, 15), 1) == d(2026, 2, 15));
  CHECK(add_months(d(2026, 1, 31), 1) == d(2026, 2, 28));
  CHECK(add_months(d(2028, 1, 31), 1) == d(2028, 2, 29));  // leap year
  CHECK(add_months(d(2026, 3, 31), 1) == d(2026, 4, 30));
  CHECK(add_months(d(2026, 12, 31), 1) == d(2027, 1, 31));
  CHECK(add_months(d(2026, 11, 30), 3) == d(2027, 2, 28));
}

TEST_CASE("the six kinds of Art. 15-21") {
  for (const char* k :
       {"access", "rectification", "erasure", "restriction", "portability", "objection"})
    CHECK(is_request_kind(k));
  CHECK_FALSE(is_request_kind("complaint"));
  CHECK_FALSE(is_request_kind(""));
}

TEST_CASE("an extension counts from receipt, is given once, with reasons") {
  SubjectRequest r = received_on("2026-01-31");
  CHECK(r.due_on == "2026-02-28");
  auto errors = extend(r, 3, "");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].field == "extensionMonths");
  CHECK(errors[1].field == "reason");
  CHECK(r.status == "open");
  CHECK(extend(r, 2, "Archives papier à consulter.").empty());
  CHECK(r.status == "extended");
  CHECK(r.due_on == "2026-04-30");  // receipt + 3 months, not 28 February + 2
  auto again = extend(r, 1, "Encore.");
  REQUIRE(again.size() == 1);
  CHECK(again[0].field == "status");
  CHECK(r.due_on == "2026-04-30");
}

TEST_CASE("closing needs a proof and happens once") {
  SubjectRequest r = received_on("2026-03-01");
  auto errors = close(r, "done", "", "2026-03-10");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].field == "status");
  CHECK(errors[1].field == "closureProof");
  CHECK(is_open(r));
  CHECK(close(r, "refused", "Demande manifestement infondée (Art. 12(5)).", "2026-03-10").empty());
  CHECK(r.status == "refused");
  CHECK(r.closed_on == std::optional<std::string>("2026-03-10"));
  CHECK_FALSE(is_open(r));
  CHECK(close(r, "closed", "Again.", "2026-03-11").at(0).field == "status");
  CHECK(extend(r, 1, "Trop tard.").at(0).field == "status");
}
