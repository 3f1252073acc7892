// The notifier's count of Forms applications waiting: created applicants and those needing a
// review count; dismissed, failed and pending ones do not; only a recent one makes news.
#include <doctest/doctest.h>

#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/notification_store.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;

TEST_CASE("waiting applications: what counts, and the newest recent one") {
  test_support::TempDir dir;
  auto opened = store::Database::open({dir.file("registre.sqlite3")}, store::embedded_migrations());
  REQUIRE(opened.ok());
  auto lease = opened.value()->acquire();
  REQUIRE(lease.ok());
  auto& db = lease->db();
  db.exec(
      "INSERT INTO organizations (id, slug, name, legal_form, created_at) VALUES "
      "(1, 'a', 'A', 'association', '2026-01-01T00:00:00.000Z'),"
      "(2, 'b', 'B', 'association', '2026-01-01T00:00:00.000Z')");
  const auto add = [&db](int id, int org, const char* status, const char* at) {
    db.exec(std::string(
                "INSERT INTO applications (id, organization_id, form_id, submission_id, status, "
                "answers, created_at, updated_at) VALUES (") +
            std::to_string(id) + ", " + std::to_string(org) + ", 1, " + std::to_string(id) + ", '" +
            status + "', " + (std::string(status) == "needs_review" ? "'{}'" : "NULL") + ", '" +
            at + "', '" + at + "')");
  };
  auto none = store::waiting_applications(db, 1, "2026-11-01T00:00:00.000Z");
  REQUIRE(none.ok());
  CHECK(none->count == 0);
  CHECK(none->newest_recent_id == 0);

  add(1, 1, "created", "2026-10-01T00:00:00.000Z");       // old news, still waiting
  add(2, 1, "needs_review", "2026-11-20T00:00:00.000Z");  // recent
  add(3, 1, "rejected", "2026-11-21T00:00:00.000Z");
  add(4, 1, "failed", "2026-11-22T00:00:00.000Z");
  add(5, 1, "pending", "2026-11-23T00:00:00.000Z");
  add(6, 2, "created", "2026-11-24T00:00:00.000Z");  // another organisation
  auto waiting = store::waiting_applications(db, 1, "2026-11-01T00:00:00.000Z");
  REQUIRE(waiting.ok());
  CHECK(waiting->count == 2);
  CHECK(waiting->newest_recent_id == 2);
  auto stale = store::waiting_applications(db, 1, "2026-11-25T00:00:00.000Z");
  REQUIRE(stale.ok());
  CHECK(stale->count == 2);
  CHECK(stale->newest_recent_id == 0);  // nothing new: no notice
}
