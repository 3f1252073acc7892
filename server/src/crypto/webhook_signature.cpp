#include "crypto/webhook_signature.hpp"
#include "core/concat.hpp"

#include <sodium.h>

#include "crypto/sodium.hpp"

namespace registre::crypto {

namespace {
constexpr std::string_view kPrefix = "whsec_";
}

std::string new_webhook_secret() {
  std::string key(32, '\0');
  randombytes_buf(key.data(), key.size());
  std::string secret = concat(kPrefix, base64_encode(key));
  sodium_memzero(key.data(), key.size());
  return secret;
}

// GCC 12 at -O2 reports the copy of the decoded key as out of bounds once base64_decode is
// inlined (-Warray-bounds, -Wstringop-overread: known false positives on std::string); the
// sanitizer build checks it. Clang has no -Wstringop-overread (and no false positive here).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif
std::optional<std::string> webhook_secret_key(std::string_view secret) {
  if (secret.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  auto key = base64_decode(secret.substr(kPrefix.size()));
  if (!key || key->size() < 24 || key->size() > 64) return std::nullopt;
  return key;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

std::string webhook_signature(std::string_view key, std::string_view message_id,
                              std::string_view timestamp, std::string_view body) {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  const auto feed = [&state](std::string_view part) {
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                                  part.size());
  };
  feed(message_id);
  feed(".");
  feed(timestamp);
  feed(".");
  feed(body);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  return "v1," + base64_encode(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
}

}  // namespace registre::crypto
