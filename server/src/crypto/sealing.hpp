#pragma once
// Authenticated encryption of small values with a member's key: XChaCha20-Poly1305 (libsodium's
// IETF construction). A sealed value is nonce (24 random bytes) || ciphertext || tag (16 bytes).
// The associated data binds a sealed value to its owner, so it cannot be moved to another member.

#include <optional>
#include <string>
#include <string_view>

#include "crypto/member_key_store.hpp"

namespace registre::crypto {

std::string seal(const MemberKey& key, std::string_view plaintext,
                 std::string_view associated_data);

// nullopt when the value was not sealed with this key and associated data, or was altered.
std::optional<std::string> unseal(const MemberKey& key, std::string_view sealed,
                                  std::string_view associated_data);

}  // namespace registre::crypto
