#pragma once
// Checks the AppAPI headers of an incoming request (NEXTCLOUD.md §1). Pure functions, so they are
// unit-tested and fuzzed without sockets.

#include <optional>
#include <string>
#include <string_view>

#include "auth/actor.hpp"
#include "core/result.hpp"

namespace registre::auth {

struct AppApiHeaders {
  std::optional<std::string> ex_app_id;       // EX-APP-ID
  std::optional<std::string> ex_app_version;  // EX-APP-VERSION
  std::optional<std::string> authorization;   // AUTHORIZATION-APP-API
};

struct Credential {
  std::string user_id;  // may be empty
  std::string secret;
};

// Decodes AUTHORIZATION-APP-API: padded standard base64 of "<userid>:<secret>", split at the
// FIRST ':' (a user id never contains ':', a secret may).
Result<Credential> parse_authorization(std::string_view header_value);

// The whole check: app id equal to `app_id`, a version present (its value is not compared: it
// differs during updates), the credential well-formed, its secret equal to `secret` in constant
// time. Every failure is `unauthenticated` with a detail that never echoes what was sent.
Result<Actor> authenticate(const AppApiHeaders& headers, std::string_view app_id,
                           std::string_view secret);

}  // namespace registre::auth
