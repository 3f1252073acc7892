#include "crypto/signing.hpp"

#include <sodium.h>

namespace registre::crypto {

SigningKey SigningKey::generate() {
  SigningKey key;
  key.public_.resize(crypto_sign_PUBLICKEYBYTES);
  key.secret_.resize(crypto_sign_SECRETKEYBYTES);
  crypto_sign_keypair(reinterpret_cast<unsigned char*>(key.public_.data()),
                      reinterpret_cast<unsigned char*>(key.secret_.data()));
  return key;
}

bool SigningKey::from_secret(std::string_view secret, SigningKey& out) {
  if (secret.size() != crypto_sign_SECRETKEYBYTES) return false;
  SigningKey key;
  key.secret_.assign(secret);
  key.public_.resize(crypto_sign_PUBLICKEYBYTES);
  crypto_sign_ed25519_sk_to_pk(reinterpret_cast<unsigned char*>(key.public_.data()),
                               reinterpret_cast<const unsigned char*>(key.secret_.data()));
  // The secret key embeds the public key it was made with: recompute it from the seed and compare,
  // so a damaged file is refused instead of producing signatures no one can check.
  std::string seed(crypto_sign_SEEDBYTES, '\0');
  crypto_sign_ed25519_sk_to_seed(reinterpret_cast<unsigned char*>(seed.data()),
                                 reinterpret_cast<const unsigned char*>(key.secret_.data()));
  std::string pk(crypto_sign_PUBLICKEYBYTES, '\0'), sk(crypto_sign_SECRETKEYBYTES, '\0');
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(pk.data()),
                           reinterpret_cast<unsigned char*>(sk.data()),
                           reinterpret_cast<const unsigned char*>(seed.data()));
  const bool consistent = sodium_memcmp(sk.data(), key.secret_.data(), sk.size()) == 0;
  sodium_memzero(seed.data(), seed.size());
  sodium_memzero(sk.data(), sk.size());
  if (!consistent) return false;
  out = std::move(key);
  return true;
}

SigningKey::~SigningKey() {
  if (!secret_.empty()) sodium_memzero(secret_.data(), secret_.size());
}

std::string SigningKey::public_key_hex() const {
  return to_hex(public_);
}

std::string SigningKey::sign_hex(std::string_view message) const {
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(secret_.data()));
  return to_hex(signature);
}

bool signature_valid(std::string_view public_key_hex, std::string_view message,
                     std::string_view signature_hex) {
  std::string public_key, signature;
  if (!from_hex(public_key_hex, public_key) || public_key.size() != crypto_sign_PUBLICKEYBYTES)
    return false;
  if (!from_hex(signature_hex, signature) || signature.size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(
             reinterpret_cast<const unsigned char*>(signature.data()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(),
             reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

std::string to_hex(std::string_view bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  hex.resize(bytes.size() * 2);
  return hex;
}

bool from_hex(std::string_view hex, std::string& out) {
  if (hex.size() % 2 != 0) return false;
  for (char c : hex) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;  // lower-case only
  }
  std::string bytes(hex.size() / 2, '\0');
  std::size_t length = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), hex.data(),
                     hex.size(), nullptr, &length, nullptr) != 0 ||
      length != bytes.size()) {
    return false;
  }
  out = std::move(bytes);
  return true;
}

}  // namespace registre::crypto
