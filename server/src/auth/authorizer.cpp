#include "auth/authorizer.hpp"

namespace registre::auth {

Result<RoleSet> Authorizer::roles_of(const Actor& actor, bool need_admin_check) {
  RoleSet roles;
  if (actor.kind == Actor::Kind::system) return roles;  // internal work is not policy-checked
  if (actor.kind == Actor::Kind::no_user) {
    roles.add(Role::nextcloud);
    return roles;
  }
  roles.add(Role::user);
  if (actor.local_admin) {
    roles.add(Role::admin);
  } else if (need_admin_check) {
    auto admin = admins_.is_admin(actor.user_id);
    if (!admin) return std::move(admin).error();
    if (admin.value()) roles.add(Role::admin);
  }
  return roles;
}

Result<RoleSet> Authorizer::authorize(const Actor& actor, UseCase use_case) {
  const PolicyEntry& entry = policy_for(use_case);
  auto roles = roles_of(actor, entry.allowed.has(Role::admin));
  if (!roles) return roles;
  if (roles->intersects(entry.allowed)) return roles;
  return make_error(ErrorKind::forbidden, "forbidden");
}

}  // namespace registre::auth
