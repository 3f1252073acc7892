#include "crypto/sodium.hpp"

#include <sodium.h>

#include <vector>

namespace registre::crypto {

bool initialize() { return sodium_init() >= 0; }

std::string base64_encode(std::string_view bytes) {
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(out.size() - 1);  // drop the terminating NUL that libsodium writes
  return out;
}

namespace {

// libsodium 1.0.18 (Debian 12) accepts some bytes >= 0x80 inside base64 text (found by
// tests/fuzz/fuzz_auth_header): check the canonical form ourselves first: length a multiple of
// 4, the standard alphabet, and at most two '=' only at the end.
bool is_canonical_base64_shape(std::string_view text) {
  if (text.size() % 4 != 0) return false;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '=') {
      ++padding;
      continue;
    }
    const bool in_alphabet = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                             (ch >= '0' && ch <= '9') || ch == '+' || ch == '/';
    if (!in_alphabet || padding > 0) return false;
  }
  return padding <= 2;
}

}  // namespace

std::optional<std::string> base64_decode(std::string_view text) {
  if (!is_canonical_base64_shape(text)) return std::nullopt;
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  if (end != text.data() + text.size()) return std::nullopt;  // trailing garbage
  out.resize(length);
  return out;
}

bool secrets_equal(std::string_view presented, std::string_view expected) {
  unsigned char a[crypto_generichash_BYTES];
  unsigned char b[crypto_generichash_BYTES];
  crypto_generichash(a, sizeof a, reinterpret_cast<const unsigned char*>(presented.data()),
                     presented.size(), nullptr, 0);
  crypto_generichash(b, sizeof b, reinterpret_cast<const unsigned char*>(expected.data()),
                     expected.size(), nullptr, 0);
  return sodium_memcmp(a, b, sizeof a) == 0;
}

std::string blake2b_256_hex(std::string_view bytes) {
  unsigned char hash[32];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  char hex[sizeof hash * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return std::string(hex, sizeof hash * 2);
}

std::string random_hex(std::size_t count) {
  std::vector<unsigned char> bytes(count);
  randombytes_buf(bytes.data(), bytes.size());
  std::string hex(count * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  hex.resize(count * 2);
  return hex;
}

std::string_view blake2b_256_hex_into(std::string_view bytes, HexDigest& out) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                     nullptr, 0);
  sodium_bin2hex(out.data(), out.size(), digest, sizeof digest);
  return {out.data(), 64};
}

}  // namespace registre::crypto
