#pragma once
// What a service needs to know about the request it serves, besides its arguments.

#include <string>
#include <utility>

#include "auth/actor.hpp"
#include "auth/policy.hpp"

namespace registre::services {

struct RequestInfo {
  auth::Actor actor;
  auth::RoleSet roles;     // resolved by the authorizer for this request
  std::string request_id;  // AA-REQUEST-ID, for the audit log
};

// The service acting on its own (jobs, seeding, restore), under a request id that says which.
inline RequestInfo system_request(std::string request_id = {}) {
  RequestInfo info;
  info.actor.kind = auth::Actor::Kind::system;
  info.request_id = std::move(request_id);
  return info;
}

}  // namespace registre::services
