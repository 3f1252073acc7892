#include "domain/public_link.hpp"

namespace registre::domain {

bool is_well_formed_token(std::string_view token) {
  if (token.size() != 2 * kTokenBytes) return false;
  for (char c : token) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (!hex) return false;
  }
  return true;
}

bool is_usable(const PublicLink& link, std::string_view now) {
  return !link.revoked_at && now < std::string_view(link.expires_at);
}

std::string_view link_state(const PublicLink& link, std::string_view now) {
  if (link.revoked_at) return "revoked";
  if (!(now < std::string_view(link.expires_at))) return "expired";
  return "active";
}

}  // namespace registre::domain
