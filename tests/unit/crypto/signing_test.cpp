#include "crypto/signing.hpp"

#include <doctest/doctest.h>

#include "crypto/sodium.hpp"

using namespace registre::crypto;

TEST_CASE("an Ed25519 signature verifies with its public key and nothing else") {
  REQUIRE(initialize());
  const SigningKey key = SigningKey::generate();
  const std::string signature = key.sign_hex("checkpoint 1");
  CHECK(signature.size() == 128);
  CHECK(key.public_key_hex().size() == 64);
  CHECK(signature_valid(key.public_key_hex(), "checkpoint 1", signature));
  CHECK_FALSE(signature_valid(key.public_key_hex(), "checkpoint 2", signature));
  CHECK_FALSE(signature_valid(SigningKey::generate().public_key_hex(), "checkpoint 1", signature));
  std::string flipped = signature;
  flipped[10] = flipped[10] == '0' ? '1' : '0';
  CHECK_FALSE(signature_valid(key.public_key_hex(), "checkpoint 1", flipped));
  // Malformed hex is a failed check, not a crash.
  CHECK_FALSE(signature_valid("zz", "checkpoint 1", signature));
  CHECK_FALSE(signature_valid(key.public_key_hex(), "checkpoint 1", signature.substr(2)));
  CHECK_FALSE(signature_valid(key.public_key_hex(), "checkpoint 1", "ABCD"));
}

TEST_CASE("a key read back from its secret signs the same; an inconsistent secret is refused") {
  REQUIRE(initialize());
  const SigningKey key = SigningKey::generate();
  SigningKey again;
  REQUIRE(SigningKey::from_secret(key.secret(), again));
  CHECK(again.public_key_hex() == key.public_key_hex());
  CHECK(signature_valid(key.public_key_hex(), "m", again.sign_hex("m")));
  std::string damaged = key.secret();
  damaged[40] = static_cast<char>(damaged[40] ^ 1);  // inside the embedded public key
  SigningKey refused;
  CHECK_FALSE(SigningKey::from_secret(damaged, refused));
  CHECK_FALSE(SigningKey::from_secret("short", refused));
}

TEST_CASE("hex round trip, lower case only") {
  std::string out;
  CHECK(to_hex(std::string("\x00\xff\x10", 3)) == "00ff10");
  REQUIRE(from_hex("00ff10", out));
  CHECK(out == std::string("\x00\xff\x10", 3));
  CHECK_FALSE(from_hex("0", out));
  CHECK_FALSE(from_hex("FF", out));
  CHECK_FALSE(from_hex("g0", out));
}
