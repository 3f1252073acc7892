#pragma once
// Public links: what makes one usable, how long one lives, and what a token looks like. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace registre::domain {

struct PublicLink {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::int64_t member_id = 0;
  std::string token_hash;  // BLAKE2b-256 of the token, hex; the token itself is never stored
  std::string created_at;  // RFC 3339 UTC (core/clock.hpp format_utc)
  std::string created_by;  // actor's audit name
  std::string expires_at;
  std::optional<std::string> revoked_at;
  std::optional<std::string> revoked_by;
};

// A link lives 30 days unless the manager asks otherwise, and at most a year: long enough for a
// letter to be answered, short enough that a forgotten e-mail does not open the record for ever.
inline constexpr std::int64_t kDefaultLinkDays = 30;
inline constexpr std::int64_t kMaxLinkDays = 365;

// A token is 32 random bytes (256 bits) written as 64 lower-case hex digits.
inline constexpr std::size_t kTokenBytes = 32;
bool is_well_formed_token(std::string_view token);

// Usable at `now` (RFC 3339 UTC, the same format as the link's dates, so they compare as text):
// not revoked and not yet expired.
bool is_usable(const PublicLink& link, std::string_view now);

// "active", "expired" or "revoked", for the managers' list.
std::string_view link_state(const PublicLink& link, std::string_view now);

}  // namespace registre::domain
