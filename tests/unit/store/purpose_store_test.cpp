#include "store/purpose_store.hpp"

#include <doctest/doctest.h>

#include "store/database.hpp"

using namespace registre;
using namespace registre::store;

namespace {

struct Store {
  std::unique_ptr<Database> database;
  std::optional<Database::Lease> lease;
  SQLite::Database& db() { return lease->db(); }

  Store() {
    auto opened = Database::open({":memory:"}, embedded_migrations());
    REQUIRE(opened.ok());
    database = std::move(opened).value();
    auto l = database->acquire();
    REQUIRE(l.ok());
    lease.emplace(std::move(l).value());
    for (const char* slug : {"a", "b"}) {
      db().exec(
          std::string("INSERT INTO organizations (slug, name, legal_form, created_at) VALUES ('") +
          slug + "', 'X', 'association', 'now')");
    }
  }

  std::int64_t purpose(std::int64_t organization, const std::string& key) {
    domain::Purpose p;
    p.organization_id = organization;
    p.key = key;
    p.title = "Titre";
    p.legal_basis = "consent";
    p.data_categories = {"identité", "courriel"};
    p.created_at = p.updated_at = "now";
    auto id = insert_purpose(db(), p);
    REQUIRE(id.ok());
    return id.value();
  }

  domain::PurposeVersion version(std::int64_t purpose_id, const std::string& text) {
    domain::PurposeVersion v;
    v.purpose_id = purpose_id;
    v.text_fr = text;
    v.text_en = text;
    v.text_hash = std::string(64, 'a');
    v.published_at = "now";
    v.published_by = "user:a";
    auto stored = insert_purpose_version(db(), v);
    REQUIRE(stored.ok());
    return stored.value();
  }
};

}  // namespace

TEST_CASE("purposes belong to their organisation; keys are unique within it") {
  Store s;
  const auto newsletter = s.purpose(1, "newsletter");
  s.purpose(2, "newsletter");  // the same key elsewhere is fine
  domain::Purpose again;
  again.organization_id = 1;
  again.key = "newsletter";
  again.title = "Encore";
  again.legal_basis = "consent";
  auto duplicate = insert_purpose(s.db(), again);
  REQUIRE_FALSE(duplicate.ok());
  CHECK(duplicate.error().kind == ErrorKind::conflict);
  auto read = get_purpose(s.db(), 1, newsletter);
  REQUIRE(read.ok());
  CHECK(read->data_categories == std::vector<std::string>{"identité", "courriel"});
  CHECK(read->active);
  CHECK(get_purpose(s.db(), 2, newsletter).error().kind == ErrorKind::not_found);
  CHECK(list_purposes(s.db(), 1).value().size() == 1);
}

TEST_CASE("an update needs the version read, and bumps it") {
  Store s;
  auto p = get_purpose(s.db(), 1, s.purpose(1, "directory")).value();
  p.active = false;
  p.updated_at = "later";
  REQUIRE(update_purpose(s.db(), p, 1).ok());
  auto stale = update_purpose(s.db(), p, 1);
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.error().kind == ErrorKind::precondition_failed);
  auto read = get_purpose(s.db(), 1, p.id).value();
  CHECK(read.version == 2);
  CHECK_FALSE(read.active);
}

TEST_CASE("versions are numbered per purpose; the latest of each is found") {
  Store s;
  const auto a = s.purpose(1, "a");
  const auto b = s.purpose(1, "b");
  s.purpose(1, "no_text_yet");
  CHECK(s.version(a, "un").number == 1);
  CHECK(s.version(b, "un").number == 1);
  CHECK(s.version(a, "deux").number == 2);
  auto latest = latest_purpose_versions(s.db(), 1);
  REQUIRE(latest.ok());
  REQUIRE(latest->size() == 2);
  CHECK(latest->at(0).purpose_id == a);
  CHECK(latest->at(0).text_fr == "deux");
  CHECK(latest->at(1).purpose_id == b);
  CHECK(list_purpose_versions(s.db(), a).value().size() == 2);
  CHECK(all_purpose_versions(s.db(), 1).value().size() == 3);
  CHECK(all_purpose_versions(s.db(), 2).value().empty());
}
