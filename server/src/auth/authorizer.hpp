#pragma once
// Resolves an actor's roles and checks them against the policy table.

#include "auth/actor.hpp"
#include "auth/admin_directory.hpp"
#include "auth/policy.hpp"
#include "core/result.hpp"

namespace registre::auth {

class Authorizer {
 public:
  explicit Authorizer(AdminDirectory& admins) : admins_(admins) {}

  // The actor's roles when it may perform the use case; `forbidden` otherwise; `upstream` when
  // the admin status could not be established (Nextcloud unreachable): we fail closed. Admin
  // status is resolved whenever the use case's entry mentions the admin role, because services
  // then scope what they return by it.
  Result<RoleSet> authorize(const Actor& actor, UseCase use_case);

  // The roles of an actor. The admin check asks Nextcloud, so it only happens when needed.
  Result<RoleSet> roles_of(const Actor& actor, bool need_admin_check);

 private:
  AdminDirectory& admins_;
};

}  // namespace registre::auth
