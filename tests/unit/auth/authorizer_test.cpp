#include "auth/authorizer.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace registre;
using namespace registre::auth;

namespace {

class CountingDirectory final : public AdminDirectory {
 public:
  Result<bool> is_admin(const std::string& uid) override {
    ++calls;
    if (uid == "down") return make_error(ErrorKind::upstream, "upstream", "unreachable");
    return uid == "admin";
  }
  int calls = 0;
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
  // UseCase values are contiguous from 0; the last one is list_all_organizations.
  CHECK(seen.size() == static_cast<std::size_t>(UseCase::list_all_organizations) + 1);
  CHECK(policy_for(UseCase::heartbeat).needs_credential == false);
  for (const auto& e : policy_table()) {
    if (e.use_case != UseCase::heartbeat) CHECK(e.needs_credential);
  }
}

TEST_CASE("lifecycle is for Nextcloud itself, not for users") {
  CountingDirectory dir;
  Authorizer authz(dir);
  CHECK(authz.authorize(Actor{}, UseCase::lifecycle_init).ok());
  auto refused = authz.authorize(user("admin"), UseCase::lifecycle_enabled);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == ErrorKind::forbidden);
}

TEST_CASE("admin use cases ask the directory and refuse plain users") {
  CountingDirectory dir;
  Authorizer authz(dir);
  CHECK(authz.authorize(user("admin"), UseCase::list_all_organizations).ok());
  CHECK_FALSE(authz.authorize(user("bob"), UseCase::list_all_organizations).ok());
  CHECK_FALSE(authz.authorize(Actor{}, UseCase::list_all_organizations).ok());
  CHECK(dir.calls == 2);
}

TEST_CASE("when the admin status cannot be known, access is refused (fail closed)") {
  CountingDirectory dir;
  Authorizer authz(dir);
  auto r = authz.authorize(user("down"), UseCase::list_all_organizations);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::upstream);
}

TEST_CASE("the roles tell a user route whether the caller is an admin") {
  CountingDirectory dir;
  Authorizer authz(dir);
  auto admin = authz.authorize(user("admin"), UseCase::view_own_identity);
  REQUIRE(admin.ok());
  CHECK(admin->has(Role::admin));
  auto bob = authz.authorize(user("bob"), UseCase::view_own_identity);
  REQUIRE(bob.ok());
  CHECK_FALSE(bob->has(Role::admin));
  CHECK(bob->has(Role::user));
}
