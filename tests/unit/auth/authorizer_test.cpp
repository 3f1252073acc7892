#include "auth/authorizer.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using namespace registre;
using namespace registre::auth;

namespace {

class CountingDirectory final : public GroupDirectory {
 public:
  Result<std::vector<std::string>> groups_of(const std::string& uid) override {
    ++calls;
    if (uid == "down") return make_error(ErrorKind::upstream, "upstream", "unreachable");
    if (uid == "admin") return std::vector<std::string>{"admin"};
    if (uid == "carol") return std::vector<std::string>{"bureau"};
    return std::vector<std::string>{};
  }
  int calls = 0;
};

// Organisation 7: bob is a viewer; the group "bureau" manages it. Organisation 8: nobody.
class FixedRoles final : public OrganizationRoles {
 public:
  Result<std::vector<std::string>> roles_in(std::int64_t org, const std::string& uid,
                                            const std::vector<std::string>& groups) override {
    std::vector<std::string> roles;
    if (org == 7 && uid == "bob") roles.push_back("viewer");
    if (org == 7 && uid == "gina") roles.push_back("member_self");  // her member record names her
    if (org == 7 && std::find(groups.begin(), groups.end(), "bureau") != groups.end()) roles.push_back("manager");
    return roles;
  }
};

Actor user(const std::string& uid) { return {Actor::Kind::user, uid, false}; }

}  // namespace

TEST_CASE("every use case has exactly one policy entry with a unique name") {
  std::set<int> seen;
  std::set<std::string_view> names;
  for (const auto& e : policy_table()) {
    CHECK(seen.insert(static_cast<int>(e.use_case)).second);
    CHECK(names.insert(e.name).second);
    CHECK_FALSE(e.allowed.empty());
  }
  // UseCase values are contiguous from 0 to kLastUseCase.
  CHECK(seen.size() == static_cast<std::size_t>(kLastUseCase) + 1);
  CHECK(policy_for(UseCase::heartbeat).needs_credential == false);
  for (const auto& e : policy_table()) {
    if (e.use_case != UseCase::heartbeat) CHECK(e.needs_credential);
  }
}

TEST_CASE("lifecycle is for Nextcloud itself, not for users") {
  CountingDirectory dir;
  FixedRoles roles;
  Authorizer authz(dir, roles);
  CHECK(authz.authorize(Actor{}, UseCase::lifecycle_init).ok());
  auto refused = authz.authorize(user("admin"), UseCase::lifecycle_enabled);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == ErrorKind::forbidden);
}

TEST_CASE("admin use cases ask the directory and refuse plain users") {
  CountingDirectory dir;
  FixedRoles roles;
  Authorizer authz(dir, roles);
  CHECK(authz.authorize(user("admin"), UseCase::list_all_organizations).ok());
  CHECK_FALSE(authz.authorize(user("bob"), UseCase::list_all_organizations).ok());
  CHECK_FALSE(authz.authorize(Actor{}, UseCase::list_all_organizations).ok());
  CHECK(dir.calls == 2);
}

TEST_CASE("when the admin status cannot be known, access is refused (fail closed)") {
  CountingDirectory dir;
  FixedRoles roles;
  Authorizer authz(dir, roles);
  auto r = authz.authorize(user("down"), UseCase::list_all_organizations);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::upstream);
}

TEST_CASE("the roles tell a user route whether the caller is an admin") {
  CountingDirectory dir;
  FixedRoles roles;
  Authorizer authz(dir, roles);
  auto admin = authz.authorize(user("admin"), UseCase::view_own_identity);
  REQUIRE(admin.ok());
  CHECK(admin->has(Role::admin));
  auto bob = authz.authorize(user("bob"), UseCase::view_own_identity);
  REQUIRE(bob.ok());
  CHECK_FALSE(bob->has(Role::admin));
  CHECK(bob->has(Role::user));
}

TEST_CASE("organisation roles come from grants to the user or to its groups, per organisation") {
  CountingDirectory dir;
  FixedRoles roles;
  Authorizer authz(dir, roles);
  CHECK(authz.authorize(user("bob"), UseCase::list_members, 7).ok());           // viewer
  CHECK_FALSE(authz.authorize(user("bob"), UseCase::create_member, 7).ok());    // viewers only read
  CHECK_FALSE(authz.authorize(user("bob"), UseCase::list_members, 8).ok());     // not in org 8
  CHECK(authz.authorize(user("carol"), UseCase::create_member, 7).ok());        // manager via group
  CHECK_FALSE(authz.authorize(user("carol"), UseCase::grant_role, 7).ok());     // admins grant roles
  CHECK(authz.authorize(user("admin"), UseCase::delete_member, 8).ok());        // admins manage all
  CHECK_FALSE(authz.authorize(Actor{}, UseCase::list_members, 7).ok());         // Nextcloud itself
}

TEST_CASE("only the member themselves reads and records their own consents; anyone opens a link") {
  CountingDirectory dir;
  FixedRoles roles;
  Authorizer authz(dir, roles);
  auto gina = authz.authorize(user("gina"), UseCase::record_own_consent, 7);
  REQUIRE(gina.ok());
  CHECK(gina->has(Role::member_self));
  CHECK(authz.authorize(user("gina"), UseCase::read_own_consents, 7).ok());
  CHECK_FALSE(authz.authorize(user("gina"), UseCase::read_own_consents, 8).ok());  // not a member there
  CHECK_FALSE(authz.authorize(user("gina"), UseCase::read_consents, 7).ok());      // nor anyone else's
  CHECK_FALSE(authz.authorize(user("admin"), UseCase::record_own_consent, 7).ok());  // not "as me"
  CHECK_FALSE(authz.authorize(user("carol"), UseCase::read_own_consents, 7).ok());   // a manager neither
  CHECK(authz.authorize(Actor{}, UseCase::use_public_link).ok());  // anonymous, through Nextcloud
  const int before = dir.calls;
  CHECK(authz.authorize(user("bob"), UseCase::use_public_link).ok());
  CHECK(dir.calls == before);  // no group lookup for the public page
  CHECK_FALSE(authz.authorize(user("bob"), UseCase::create_public_link, 7).ok());
  CHECK(authz.authorize(user("carol"), UseCase::manage_subject_requests, 7).ok());
  CHECK_FALSE(authz.authorize(user("bob"), UseCase::list_subject_requests, 7).ok());  // viewers no
}

TEST_CASE("webhook deliveries: any valid credential (Nextcloud signs them with the event's user), no group lookup") {
  CountingDirectory dir;
  FixedRoles roles;
  Authorizer authz(dir, roles);
  CHECK(authz.authorize(Actor{}, UseCase::receive_nextcloud_webhook).ok());
  CHECK(authz.authorize(user("bob"), UseCase::receive_nextcloud_webhook).ok());
  CHECK(dir.calls == 0);  // a delivery never waits for Nextcloud
  // Form mappings and applications are the organisation's managers' (and administrators').
  CHECK(authz.authorize(user("carol"), UseCase::manage_form_mappings, 7).ok());
  CHECK_FALSE(authz.authorize(user("bob"), UseCase::list_applications, 7).ok());  // a viewer
  CHECK_FALSE(authz.authorize(Actor{}, UseCase::resolve_application, 7).ok());
}
