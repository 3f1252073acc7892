#include "crypto/sealing.hpp"

#include <sodium.h>

namespace registre::crypto {
namespace {

constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string seal(const MemberKey& key, std::string_view plaintext,
                 std::string_view associated_data) {
  std::string out(kNonce + plaintext.size() + kTag, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, kNonce);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonce, &written, bytes(plaintext),
                                             plaintext.size(), bytes(associated_data),
                                             associated_data.size(), nullptr, nonce, key.data());
  out.resize(kNonce + written);
  return out;
}

std::optional<std::string> unseal(const MemberKey& key, std::string_view sealed,
                                  std::string_view associated_data) {
  if (sealed.size() < kNonce + kTag) return std::nullopt;
  std::string out(sealed.size() - kNonce - kTag, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &written, nullptr, bytes(sealed) + kNonce,
          sealed.size() - kNonce, bytes(associated_data), associated_data.size(), bytes(sealed),
          key.data()) != 0) {
    return std::nullopt;
  }
  out.resize(written);
  return out;
}

}  // namespace registre::crypto
