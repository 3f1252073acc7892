#include "auth/authorizer.hpp"

#include <algorithm>

namespace registre::auth {

Result<std::vector<std::string>> Authorizer::groups_of(const Actor& actor) {
  if (actor.kind != Actor::Kind::user) return std::vector<std::string>{};
  if (actor.local_admin) return std::vector<std::string>{"admin"};
  return groups_.groups_of(actor.user_id);
}

Result<RoleSet> Authorizer::roles_of(const Actor& actor, bool resolve_groups,
                                     std::optional<std::int64_t> organization_id) {
  RoleSet roles;
  if (actor.kind == Actor::Kind::system) return roles;  // internal work is not policy-checked
  if (actor.kind == Actor::Kind::no_user) {
    roles.add(Role::nextcloud);
    return roles;
  }
  roles.add(Role::user);
  if (!resolve_groups && !organization_id) return roles;
  auto groups = groups_of(actor);
  if (!groups) return std::move(groups).error();
  if (std::find(groups->begin(), groups->end(), "admin") != groups->end()) roles.add(Role::admin);
  if (organization_id) {
    auto granted = organization_roles_.roles_in(*organization_id, actor.user_id, groups.value());
    if (!granted) return std::move(granted).error();
    for (const auto& name : granted.value()) {
      if (auto role = organization_role_from_string(name)) roles.add(*role);
    }
  }
  return roles;
}

Result<RoleSet> Authorizer::authorize(const Actor& actor, UseCase use_case,
                                      std::optional<std::int64_t> organization_id) {
  const PolicyEntry& entry = policy_for(use_case);
  auto roles = roles_of(actor, entry.allowed.has(Role::admin),
                        entry.organization_scoped ? organization_id : std::nullopt);
  if (!roles) return roles;
  if (roles->intersects(entry.allowed)) return roles;
  return make_error(ErrorKind::forbidden, "forbidden");
}

}  // namespace registre::auth
