// Package assembly on a database file: every part read for the right member only, custom values
// from the one reader, one audit entry naming the parts, and not found across organisations.
#include "services/access_package_service.hpp"

#include <doctest/doctest.h>

#include "crypto/sodium.hpp"
#include "services/member_service.hpp"
#include "services/organization_service.hpp"
#include "test_support/no_directory.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;

namespace {

using test_support::NoGroups;
using test_support::NoRoles;

struct Fixture {
  test_support::TempDir dir;
  std::unique_ptr<store::Database> db;
  FixedClock clock{std::chrono::time_point_cast<std::chrono::milliseconds>(
      std::chrono::sys_days{std::chrono::year{2026} / 11 / 29})};
  NoGroups groups;
  NoRoles roles;
  auth::Authorizer authorizer{groups, roles};
  crypto::MemberKeyStore member_keys{":memory:"};
  services::SensitiveValues sensitive{member_keys};
  std::unique_ptr<services::MemberService> members;
  std::unique_ptr<services::AccessPackageService> packages;
  services::RequestInfo manager;

  Fixture() {
    REQUIRE(crypto::initialize());
    auto opened =
        store::Database::open({dir.file("registre.sqlite3")}, store::embedded_migrations());
    REQUIRE(opened.ok());
    db = std::move(opened).value();
    services::OrganizationService orgs(*db, clock, authorizer);
    REQUIRE(orgs.seed_demo_if_empty().ok());
    members = std::make_unique<services::MemberService>(*db, clock, sensitive);
    packages = std::make_unique<services::AccessPackageService>(*db, clock, sensitive);
    manager.actor = {auth::Actor::Kind::user, "erin", false};
  }
  domain::Member add_member(const std::string& last_name, nlohmann::json custom = nullptr,
                            std::optional<std::string> user = std::nullopt) {
    domain::MemberChanges c;
    c.last_name = last_name;
    c.notes = "Préfère le courrier";
    c.nextcloud_user = std::move(user);
    c.custom = std::move(custom);
    auto created = members->create(manager, 1, c, std::nullopt);
    REQUIRE(created.ok());
    return created->member;
  }
  std::int64_t count(const std::string& sql) {
    auto lease = db->acquire();
    return lease->db().execAndGet(sql).getInt64();
  }
};

}  // namespace

TEST_CASE("custom values are read in one place, an object whatever is stored") {
  domain::Member m;
  m.custom = R"({"allergies":"arachides","size":3})";
  CHECK(services::custom_values_of(m) == nlohmann::json{{"allergies", "arachides"}, {"size", 3}});
  m.custom = "not json";
  CHECK(services::custom_values_of(m) == nlohmann::json::object());
}

TEST_CASE("the package gathers the member's parts, sensitive values and notes included") {
  Fixture f;
  domain::FieldDefinition allergies;
  allergies.organization_id = 1;
  allergies.key = "allergies";
  allergies.label = "Allergies";
  allergies.type = "long_text";
  allergies.classification = "sensitive";
  REQUIRE(f.members->create_field(f.manager, allergies).ok());
  const auto other = f.add_member("Autre");
  const auto member = f.add_member("Dupré", {{"allergies", "arachides"}});
  REQUIRE(f.members->get(f.manager, 1, member.id).ok());

  auto package = f.packages->for_member(f.manager, 1, member.id);
  REQUIRE(package.ok());
  CHECK(package->member.id == member.id);
  CHECK(package->member.notes == "Préfère le courrier");
  CHECK(package->custom_values["allergies"] == "arachides");
  REQUIRE(package->fields.size() == 1);
  CHECK(package->organization.id == 1);
  CHECK(package->generated_at.rfind("2026-11-29T", 0) == 0);
  // Only the entries about this member: its creation and the read, not the other's creation.
  REQUIRE(package->access_log.size() == 2);
  CHECK(package->access_log[0].entry.action == "member.created");
  CHECK(package->access_log[1].entry.action == "member.read");
  for (const auto& e : package->access_log)
    CHECK(e.entry.subject == "member:" + member.pseudonym);
  CHECK(package->memberships.empty());
  CHECK(package->consents.empty());
  CHECK(package->requests.empty());
  CHECK(package->imports.empty());
  CHECK(package->public_links.empty());
  CHECK_FALSE(package->household_number.has_value());

  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'member.package_exported' AND "
                "subject = 'member:" +
                member.pseudonym + "' AND fields LIKE '%accessLog%'") == 1);
  (void)other;
}

TEST_CASE("a member of another organisation, or no member at all, is not found and not audited") {
  Fixture f;
  const auto member = f.add_member("Dupré");
  auto elsewhere = f.packages->for_member(f.manager, 2, member.id);
  REQUIRE_FALSE(elsewhere.ok());
  CHECK(elsewhere.error().kind == ErrorKind::not_found);
  auto nobody = f.packages->own(f.manager, 1);  // erin's account names no member
  REQUIRE_FALSE(nobody.ok());
  CHECK(nobody.error().kind == ErrorKind::not_found);
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action LIKE 'member.package_exported%'") ==
        0);
}

TEST_CASE("a member's own package is theirs, audited as their own export") {
  Fixture f;
  f.add_member("Autre");
  const auto gina = f.add_member("Gina", nullptr, "gina");
  services::RequestInfo self;
  self.actor = {auth::Actor::Kind::user, "gina", false};
  auto own = f.packages->own(self, 1);
  REQUIRE(own.ok());
  CHECK(own->member.id == gina.id);
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'member.package_exported_own' AND "
                "actor = 'user:gina'") == 1);
}
