#include "auth/app_api_credentials.hpp"

#include "crypto/sodium.hpp"

namespace registre::auth {
namespace {

Error unauthenticated(std::string detail) {
  return make_error(ErrorKind::unauthenticated, "unauthenticated", std::move(detail));
}

// Nextcloud user ids are at most 64 characters of letters, digits and " _.@-'"; we accept any
// printable text up to 255 bytes so that an unusual backend (LDAP) still works, but refuse
// control characters, which have no place in an id and would corrupt logs and audit records.
bool plausible_user_id(std::string_view uid) {
  if (uid.size() > 255) return false;
  for (unsigned char ch : uid) {
    if (ch < 0x20 || ch == 0x7f) return false;
  }
  return true;
}

}  // namespace

Result<Credential> parse_authorization(std::string_view header_value) {
  auto decoded = crypto::base64_decode(header_value);
  if (!decoded) return unauthenticated("AUTHORIZATION-APP-API is not valid base64");
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) {
    return unauthenticated("AUTHORIZATION-APP-API does not hold '<user>:<secret>'");
  }
  Credential credential{decoded->substr(0, colon), decoded->substr(colon + 1)};
  if (!plausible_user_id(credential.user_id)) {
    return unauthenticated("AUTHORIZATION-APP-API holds an invalid user id");
  }
  return credential;
}

Result<Actor> authenticate(const AppApiHeaders& headers, std::string_view app_id,
                           std::string_view secret) {
  if (!headers.ex_app_id) return unauthenticated("EX-APP-ID is missing");
  if (!headers.ex_app_version || headers.ex_app_version->empty()) {
    return unauthenticated("EX-APP-VERSION is missing");
  }
  if (!headers.authorization) return unauthenticated("AUTHORIZATION-APP-API is missing");
  // The app id is public, but compare it the same way as the secret: it costs nothing.
  if (!crypto::secrets_equal(*headers.ex_app_id, app_id)) {
    return unauthenticated("EX-APP-ID does not name this app");
  }
  auto credential = parse_authorization(*headers.authorization);
  if (!credential) return std::move(credential).error();
  if (!crypto::secrets_equal(credential->secret, secret)) {
    return unauthenticated("the AppAPI secret does not match");
  }
  Actor actor;
  actor.user_id = std::move(credential->user_id);
  actor.kind = actor.user_id.empty() ? Actor::Kind::no_user : Actor::Kind::user;
  return actor;
}

}  // namespace registre::auth
