#pragma once
// Resolves an actor's roles and checks them against the policy table. The one place where
// "may this actor do this?" is answered; routes and services both come here.

#include <cstdint>
#include <optional>

#include "auth/actor.hpp"
#include "auth/group_directory.hpp"
#include "auth/policy.hpp"
#include "core/result.hpp"

namespace registre::auth {

class Authorizer {
 public:
  Authorizer(GroupDirectory& groups, OrganizationRoles& organization_roles)
      : groups_(groups), organization_roles_(organization_roles) {}

  // The actor's roles when it may perform the use case; `forbidden` otherwise; `upstream` when
  // the groups could not be established (Nextcloud unreachable): we fail closed. Groups are asked
  // (cached by the directory) whenever the entry mentions the admin role or is scoped to an
  // organisation, because services then scope what they return by the roles.
  // REQUIRES: organization_id is given when the use case is organization_scoped.
  Result<RoleSet> authorize(const Actor& actor, UseCase use_case,
                            std::optional<std::int64_t> organization_id = std::nullopt);

  // All the actor's roles, in `organization_id` when given.
  Result<RoleSet> roles_of(const Actor& actor, bool resolve_groups,
                           std::optional<std::int64_t> organization_id);

  // The Nextcloud groups of a user (through the directory's cache).
  Result<std::vector<std::string>> groups_of(const Actor& actor);

 private:
  GroupDirectory& groups_;
  OrganizationRoles& organization_roles_;
};

}  // namespace registre::auth
