#include "store/import_writer.hpp"

#include <doctest/doctest.h>

#include "domain/search_text.hpp"
#include "store/database.hpp"
#include "store/import_store.hpp"
#include "store/member_store.hpp"
#include "store/organization_store.hpp"
#include "store/unit_of_work.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace registre::store;

namespace {

domain::Member member(std::string last_name, std::string email) {
  domain::Member m;
  m.organization_id = 1;
  m.last_name = std::move(last_name);
  m.email = std::move(email);
  m.pseudonym = "p-" + m.last_name;
  m.created_at = m.updated_at = "2026-11-29T00:00:00.000Z";
  return m;
}

}  // namespace

TEST_CASE("the import writer reuses its statements and writes the rows the member store writes") {
  test_support::TempDir dir;
  auto db = Database::open({dir.file("w.sqlite3")}, embedded_migrations());
  REQUIRE(db.ok());
  auto lease = db.value()->acquire();
  REQUIRE(lease.ok());
  auto done = in_write_transaction(lease->db(), "test", [](SQLite::Database& c) -> Status {
    domain::Organization o;
    o.slug = "amis";
    o.name = "Les Amis";
    o.created_at = "2026-11-29T00:00:00.000Z";
    auto org = insert_organization(c, o);
    REQUIRE(org.ok());
    // One member already there, numbered 4.
    auto first = member("Ancien", "ancien@asso.fr");
    first.number = 4;
    REQUIRE(insert_member(c, first, domain::member_search_text(first)).ok());

    auto batch =
        insert_import_batch(c, {1, "f.csv", std::string(64, '0'), o.created_at, "user:admin"});
    REQUIRE(batch.ok());
    ImportWriter writer(c, 1, batch.value());
    CHECK(writer.next_member_number().value() == 5);
    // Many rows through the same statements.
    for (int i = 0; i < 50; ++i) {
      auto m = member("Nom" + std::to_string(i), "m" + std::to_string(i) + "@asso.fr");
      m.number = writer.next_member_number().value();
      auto id = writer.insert_member(m, domain::member_search_text(m));
      REQUIRE(id.ok());
      REQUIRE(writer.insert_import_record(id.value(), i + 2, "created").ok());
      CHECK(writer.member_id_by_email(*m.email).value() == id.value());
      CHECK(writer.member_id_by_number(m.number).value() == id.value());
    }
    CHECK(writer.next_member_number().value() == 55);
    // A number given by a file above the count: later members follow it.
    auto given = member("Donné", "donne@asso.fr");
    given.number = 100;
    REQUIRE(writer.insert_member(given, domain::member_search_text(given)).ok());
    CHECK(writer.next_member_number().value() == 101);
    CHECK_FALSE(writer.member_id_by_email("personne@asso.fr").value().has_value());
    CHECK_FALSE(writer.member_id_by_number(99).value().has_value());

    // An update through the writer is what store::get_member then reads; a stale version is
    // refused.
    const auto id = writer.member_id_by_number(5).value().value();
    auto stored = writer.get_member(id).value();
    CHECK(stored.last_name == "Nom0");
    stored.city = "Caen";
    stored.first_name = "Renommé";
    stored.version += 1;
    REQUIRE(writer.update_member(stored, domain::member_search_text(stored)).ok());
    CHECK(get_member(c, 1, id).value().city == std::optional<std::string>("Caen"));
    CHECK(get_member(c, 1, id).value().version == 2);
    CHECK(writer.update_member(stored, domain::member_search_text(stored)).error().kind ==
          ErrorKind::precondition_failed);
    CHECK(writer.get_member(9999).error().kind == ErrorKind::not_found);
    return ok_status();
  });
  REQUIRE(done.ok());
  SQLite::Statement count(lease->db(), "SELECT count(*) FROM import_records");
  count.executeStep();
  CHECK(count.getColumn(0).getInt() == 50);
  SQLite::Statement indexed(
      lease->db(), "SELECT count(*) FROM member_search WHERE member_search MATCH 'renomme'");
  indexed.executeStep();
  CHECK(indexed.getColumn(0).getInt() == 1);
}
