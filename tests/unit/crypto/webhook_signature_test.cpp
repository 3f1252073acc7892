// Standard Webhooks signatures: the specification's published test vector, and the secret format.
#include "crypto/webhook_signature.hpp"

#include <doctest/doctest.h>

#include "crypto/sodium.hpp"

using namespace registre;

TEST_CASE("webhook signatures reproduce the Standard Webhooks test vector") {
  REQUIRE(crypto::initialize());
  // From the specification's reference libraries (secret, msg id, timestamp, body, signature).
  auto key = crypto::webhook_secret_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  REQUIRE(key);
  CHECK(key->size() == 24);
  CHECK(crypto::webhook_signature(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                                  R"({"test": 2432232314})") ==
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  // Any change of id, timestamp or body changes the signature.
  CHECK(crypto::webhook_signature(*key, "msg_p5jXN8AQM9LWM0D4loKWxJel", "1614265330",
                                  R"({"test": 2432232314})") !=
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  CHECK(crypto::webhook_signature(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265331",
                                  R"({"test": 2432232314})") !=
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  CHECK(crypto::webhook_signature(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                                  R"({"test": 2432232315})") !=
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST_CASE("webhook secrets: whsec_ and base64 of 24 to 64 bytes") {
  REQUIRE(crypto::initialize());
  const std::string fresh = crypto::new_webhook_secret();
  CHECK(fresh.rfind("whsec_", 0) == 0);
  REQUIRE(crypto::webhook_secret_key(fresh));
  CHECK(crypto::webhook_secret_key(fresh)->size() == 32);
  CHECK(fresh != crypto::new_webhook_secret());

  CHECK_FALSE(crypto::webhook_secret_key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));  // no prefix
  CHECK_FALSE(crypto::webhook_secret_key("whsec_not base64!"));
  CHECK_FALSE(crypto::webhook_secret_key("whsec_" + crypto::base64_encode(std::string(16, 'k'))));
  CHECK_FALSE(crypto::webhook_secret_key("whsec_" + crypto::base64_encode(std::string(65, 'k'))));
  CHECK(crypto::webhook_secret_key("whsec_" + crypto::base64_encode(std::string(64, 'k'))));
}
