#pragma once
// Who is calling, as established by the authentication middleware.

#include <string>

namespace registre::auth {

struct Actor {
  enum class Kind {
    // A valid AppAPI credential with an empty user id. Nextcloud sends it for its own calls
    // (init, enabled, webhooks registered without a user) and for anonymous visitors on PUBLIC
    // routes; the two are told apart by the route (the proxy only reaches routes in info.xml).
    no_user,
    user,    // a Nextcloud user (or the fixed local administrator in standalone mode)
    system,  // the service itself (seeding, jobs); never the result of authenticating a request
  };
  Kind kind = Kind::no_user;
  std::string user_id;        // empty for no_user
  bool local_admin = false;   // standalone mode only: the fixed local administrator

  // How the actor is written in the audit log and in logs: never a display name.
  std::string audit_name() const {
    switch (kind) {
      case Kind::user: return "user:" + user_id;
      case Kind::system: return "system";
      case Kind::no_user: break;
    }
    return "nextcloud";
  }
};

}  // namespace registre::auth
