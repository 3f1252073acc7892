#include "crypto/file_digest.hpp"

#include <sodium.h>

#include <fstream>
#include <vector>

namespace registre::crypto {

Result<std::string> blake2b_256_file_hex(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorKind::unavailable, "unavailable", "cannot read " + path);
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, 32);
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = in.gcount();
    if (n > 0)
      crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(buffer.data()),
                                static_cast<unsigned long long>(n));
  }
  if (in.bad()) return make_error(ErrorKind::unavailable, "unavailable", "cannot read " + path);
  unsigned char digest[32];
  crypto_generichash_final(&state, digest, sizeof digest);
  std::string hex(64, '\0');
  sodium_bin2hex(hex.data(), hex.size() + 1, digest, sizeof digest);
  return hex;
}

}  // namespace registre::crypto
