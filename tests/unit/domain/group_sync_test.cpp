#include "domain/group_sync.hpp"

#include <doctest/doctest.h>

using namespace registre::domain;

namespace {

using Ids = std::vector<std::string>;

ManagedGroup group(GroupKind kind, std::string group_id, std::string role = "",
                   std::string field = "") {
  ManagedGroup g;
  g.kind = kind;
  g.group_id = std::move(group_id);
  g.role = std::move(role);
  g.field_key = std::move(field);
  return g;
}

}  // namespace

TEST_CASE("group diff: adds the wanted accounts missing, removes the others, touches nobody else") {
  const auto diff = diff_group({"carol", "bob", "alice"}, {"bob", "zoe", "admin"});
  CHECK(diff.to_add == Ids{"alice", "carol"});
  CHECK(diff.to_remove == Ids{"admin", "zoe"});
  CHECK_FALSE(diff.empty());
}

TEST_CASE("group diff: nothing to do when the group already holds exactly the wanted accounts") {
  CHECK(diff_group({"bob", "alice"}, {"alice", "bob"}).empty());
  CHECK(diff_group({}, {}).empty());
}

TEST_CASE("group diff: duplicates on either side count once (two records may name one account)") {
  const auto diff = diff_group({"bob", "bob", "carol"}, {"carol", "carol"});
  CHECK(diff.to_add == Ids{"bob"});
  CHECK(diff.to_remove.empty());
}

TEST_CASE("group diff: an empty wanted set empties the group; a new group gets everyone") {
  CHECK(diff_group({}, {"bob", "alice"}).to_remove == Ids{"alice", "bob"});
  CHECK(diff_group({"bob", "alice"}, {}).to_add == Ids{"alice", "bob"});
}

TEST_CASE("group diff: account ids are compared exactly (case and spaces matter to Nextcloud)") {
  const auto diff = diff_group({"Bob"}, {"bob", "Bob "});
  CHECK(diff.to_add == Ids{"Bob"});
  CHECK(diff.to_remove == Ids{"Bob ", "bob"});
}

TEST_CASE("wanted fingerprint: order and duplicates do not matter, content does") {
  CHECK(wanted_fingerprint_input({"b", "a"}) == wanted_fingerprint_input({"a", "b", "a"}));
  CHECK(wanted_fingerprint_input({"a", "b"}) != wanted_fingerprint_input({"a"}));
  // Length prefixes: {"ab"} and {"a", "b"} differ even joined.
  CHECK(wanted_fingerprint_input({"ab"}) != wanted_fingerprint_input({"a", "b"}));
}

TEST_CASE("managed group validation") {
  CHECK(validate_managed_group(group(GroupKind::active_members, "membres-actifs")).empty());
  CHECK(validate_managed_group(group(GroupKind::role, "Trésorerie", "treasurer")).size() ==
        1);  // é
  CHECK(validate_managed_group(group(GroupKind::role, "tresorerie", "treasurer")).empty());
  CHECK(validate_managed_group(group(GroupKind::board, "bureau", "", "bureau")).empty());

  auto errors = validate_managed_group(group(GroupKind::role, "", "president"));
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].field == "groupId");
  CHECK(errors[1].field == "role");
  CHECK(validate_managed_group(group(GroupKind::board, "bureau"))[0].field == "fieldKey");
  CHECK(validate_managed_group(group(GroupKind::board, "bureau", "", "Bureau"))[0].field ==
        "fieldKey");
  CHECK(validate_managed_group(group(GroupKind::active_members, "x", "manager"))[0].field ==
        "role");
  CHECK(validate_managed_group(group(GroupKind::active_members, "x", "", "bureau"))[0].field ==
        "fieldKey");
  CHECK(validate_managed_group(group(GroupKind::active_members, std::string(65, 'g')))[0].field ==
        "groupId");
  CHECK(validate_managed_group(group(GroupKind::active_members, " lead"))[0].field == "groupId");
  CHECK(validate_managed_group(group(GroupKind::active_members, "a/b"))[0].field == "groupId");
  // Nextcloud's administrators are never Registre's to add or remove.
  auto admin = validate_managed_group(group(GroupKind::role, "admin", "manager"));
  REQUIRE(admin.size() == 1);
  CHECK(admin[0].message == "group-sync-admin-group");
}

TEST_CASE("group kinds round-trip through their names") {
  for (auto kind : {GroupKind::active_members, GroupKind::board, GroupKind::role}) {
    CHECK(group_kind_from_string(to_string(kind)) == kind);
  }
  CHECK_FALSE(group_kind_from_string("everyone").has_value());
}
