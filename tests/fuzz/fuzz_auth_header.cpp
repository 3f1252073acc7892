// Fuzzes the AppAPI credential check (auth/app_api_credentials.cpp) with arbitrary header values:
// it must never crash, and must accept only the exact credential.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "auth/app_api_credentials.hpp"
#include "crypto/sodium.hpp"

namespace {
const std::string kSecret = "test-secret-0123456789abcdefghijklmnopqrstuvwxyz+/ABCDEFGHIJ";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool ready = registre::crypto::initialize();
  if (!ready) std::abort();
  const std::string input(reinterpret_cast<const char*>(data), size);

  // 1. The raw header value.
  auto parsed = registre::auth::parse_authorization(input);
  if (parsed) {
    // Whatever decoded must re-encode to the same text (strict, canonical base64 only).
    const std::string plain = parsed->user_id + ":" + parsed->secret;
    if (registre::crypto::base64_encode(plain) != input) std::abort();
  }

  // 2. The whole check, with the input split into the three headers at the first two NULs.
  const auto a = input.find('\0');
  const auto b = a == std::string::npos ? std::string::npos : input.find('\0', a + 1);
  registre::auth::AppApiHeaders headers;
  headers.ex_app_id = input.substr(0, a);
  if (a != std::string::npos) headers.ex_app_version = input.substr(a + 1, b - a - 1);
  if (b != std::string::npos) headers.authorization = input.substr(b + 1);
  auto actor = registre::auth::authenticate(headers, "registre", kSecret);
  if (actor) {
    // Accepted only with the right app id and secret.
    auto credential = registre::auth::parse_authorization(*headers.authorization);
    if (headers.ex_app_id != "registre" || !credential || credential->secret != kSecret) std::abort();
  }
  return 0;
}
