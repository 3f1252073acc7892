#pragma once
// Ed25519 signatures (libsodium crypto_sign) for the consent ledger's checkpoints.

#include <string>
#include <string_view>

namespace registre::crypto {

// A key pair. The secret half is wiped from memory when the object goes away.
class SigningKey {
 public:
  // A fresh random key pair.
  static SigningKey generate();
  // From libsodium's 64-byte secret key (seed + public key); false when it is not consistent.
  static bool from_secret(std::string_view secret, SigningKey& out);

  SigningKey() = default;
  SigningKey(const SigningKey& other) = default;
  SigningKey& operator=(const SigningKey& other) = default;
  ~SigningKey();

  const std::string& secret() const { return secret_; }  // 64 bytes
  std::string public_key_hex() const;                    // 32 bytes as 64 hex characters
  // Detached signature of `message`, as 128 hex characters.
  std::string sign_hex(std::string_view message) const;

 private:
  std::string secret_;
  std::string public_;
};

// True when `signature_hex` is a valid Ed25519 signature of `message` by `public_key_hex`.
// Malformed hex of either gives false.
bool signature_valid(std::string_view public_key_hex, std::string_view message,
                     std::string_view signature_hex);

// Lower-case hex of bytes, and back (nullopt-like empty string on malformed input of non-zero
// size).
std::string to_hex(std::string_view bytes);
bool from_hex(std::string_view hex, std::string& out);

}  // namespace registre::crypto
