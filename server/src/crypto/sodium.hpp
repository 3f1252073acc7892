#pragma once
// Thin, safe wrappers over libsodium. Everything that touches secrets or hashes goes through here.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace registre::crypto {

// Initialises libsodium; safe to call many times and from many threads. Returns false only when
// the library cannot initialise (no entropy source), and then nothing in this file may be used.
bool initialize();

// Standard base64 (RFC 4648 §4) with padding, as AppAPI sends it.
std::string base64_encode(std::string_view bytes);
// Strict decode: the original alphabet with padding; anything else (spaces, missing padding,
// URL-safe characters) gives nullopt.
std::optional<std::string> base64_decode(std::string_view text);

// Compares two secrets in time independent of their content and of the length of `expected`'s
// match: both sides are hashed to a fixed size first, so a length difference does not leak either.
bool secrets_equal(std::string_view presented, std::string_view expected);

// BLAKE2b with a 32-byte output, as lower-case hex.
std::string blake2b_256_hex(std::string_view bytes);

// The same into a caller's buffer, for loops over a million values: the view points into `out`.
using HexDigest = std::array<char, 65>;
std::string_view blake2b_256_hex_into(std::string_view bytes, HexDigest& out);

// `count` random bytes as lower-case hex (2 × count characters).
std::string random_hex(std::size_t count);

}  // namespace registre::crypto
