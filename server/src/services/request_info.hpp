#pragma once
// What a service needs to know about the request it serves, besides its arguments.

#include <string>

#include "auth/actor.hpp"
#include "auth/policy.hpp"

namespace registre::services {

struct RequestInfo {
  auth::Actor actor;
  auth::RoleSet roles;     // resolved by the authorizer for this request
  std::string request_id;  // AA-REQUEST-ID, for the audit log
};

}  // namespace registre::services
