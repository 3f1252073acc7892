#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "domain/search_text.hpp"
#include "services/member_service.hpp"
#include "store/database.hpp"
#include "store/member_store.hpp"
#include "store/organization_store.hpp"
#include "store/unit_of_work.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;

namespace {

// Every page of a search, walked with the cursors.
std::vector<std::int64_t> walk(SQLite::Database& db, std::int64_t organization_id,
                               const std::string& typed, std::size_t limit) {
  store::MemberQuery query;
  query.organization_id = organization_id;
  query.match = services::MemberService::search_expression(typed);
  query.limit = limit;
  std::vector<std::int64_t> ids;
  for (;;) {
    auto page = store::list_members(db, query);
    REQUIRE(page.ok());
    for (const auto& m : page->items)
      ids.push_back(m.id);
    if (!page->next) return ids;
    query.after = page->next;
  }
}

// The same search without paging, as one plain statement: the expected order.
std::vector<std::int64_t> expected(SQLite::Database& db, std::int64_t organization_id,
                                   const std::string& typed) {
  SQLite::Statement q(
      db,
      "SELECT id FROM members WHERE organization_id = ? AND id IN"
      " (SELECT rowid FROM member_search WHERE member_search MATCH ?) ORDER BY sort_name, id");
  q.bind(1, organization_id);
  q.bind(2, services::MemberService::search_expression(typed));
  std::vector<std::int64_t> ids;
  while (q.executeStep())
    ids.push_back(q.getColumn(0).getInt64());
  return ids;
}

}  // namespace

TEST_CASE("a search pages the same whether its matches are few (sorted) or many (walked)") {
  test_support::TempDir dir;
  auto db = store::Database::open({dir.file("s.sqlite3")}, store::embedded_migrations());
  REQUIRE(db.ok());
  auto lease = db.value()->acquire();
  REQUIRE(lease.ok());
  auto seeded = store::in_write_transaction(lease->db(), "seed", [](SQLite::Database& c) -> Status {
    for (const char* slug : {"amis", "autre"}) {
      domain::Organization o;
      o.slug = slug;
      o.name = slug;
      o.created_at = "2026-11-29T00:00:00.000Z";
      REQUIRE(store::insert_organization(c, o).ok());
    }
    // 2 600 members in two organisations, ids interleaved: "Zeddé" is frequent (1 200 in
    // organisation 1, above the threshold where the walk is used), "Rarissime" is rare (40),
    // and both share first names so that equal names fall back to the id order.
    std::int64_t number[3] = {0, 0, 0};
    for (int i = 0; i < 2600; ++i) {
      domain::Member m;
      m.organization_id = i % 2 == 0 ? 1 : 2;
      m.number = ++number[m.organization_id];
      m.last_name = i % 50 == 0 ? "Rarissime" : (i % 2 == 0 || i % 3 == 0) ? "Zeddé" : "Autre";
      m.first_name = std::string(1, static_cast<char>('a' + i % 7)) + "lice";
      m.pseudonym = "p" + std::to_string(i);
      m.created_at = m.updated_at = "2026-11-29T00:00:00.000Z";
      REQUIRE(store::insert_member(c, m, domain::member_search_text(m)).ok());
    }
    return ok_status();
  });
  REQUIRE(seeded.ok());
  auto& db1 = lease->db();
  const auto frequent = expected(db1, 1, "zedde");
  const auto rare = expected(db1, 1, "rari");
  REQUIRE(frequent.size() > 1000);
  REQUIRE(rare.size() < 1000);
  REQUIRE(rare.size() > 10);
  for (std::size_t limit : {1u, 7u, 50u, 200u}) {
    CAPTURE(limit);
    CHECK(walk(db1, 1, "zedde", limit) == frequent);
    CHECK(walk(db1, 1, "rari", limit) == rare);
    CHECK(walk(db1, 2, "rari", limit) == expected(db1, 2, "rari"));
    CHECK(walk(db1, 1, "rari alice", limit) == expected(db1, 1, "rari alice"));
  }
}
