#include "auth/app_api_credentials.hpp"

#include <doctest/doctest.h>

#include "crypto/sodium.hpp"

using namespace registre;
using namespace registre::auth;

namespace {

// The secret of the captured Nextcloud 32 traffic: it holds '+' and '/'.
const std::string kSecret = "test-secret-0123456789abcdefghijklmnopqrstuvwxyz+/ABCDEFGHIJ";

AppApiHeaders headers_for(const std::string& credential_plain) {
  return {std::string("registre"), std::string("0.1.0"), crypto::base64_encode(credential_plain)};
}

}  // namespace

TEST_CASE("the captured system credential (empty user) authenticates as no_user") {
  // Verbatim from lifecycle.jsonl seq 2 (POST /init).
  AppApiHeaders h{std::string("registre"), std::string("0.1.0"),
                  std::string("OnRlc3Qtc2VjcmV0LTAxMjM0NTY3ODlhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5eisvQUJDREVGR0hJSg==")};
  auto actor = authenticate(h, "registre", kSecret);
  REQUIRE(actor.ok());
  CHECK(actor->kind == Actor::Kind::no_user);
  CHECK(actor->user_id.empty());
}

TEST_CASE("a user id with '@' and spaces is kept as is") {
  auto actor = authenticate(headers_for("jean dupont@asso.fr:" + kSecret), "registre", kSecret);
  REQUIRE(actor.ok());
  CHECK(actor->kind == Actor::Kind::user);
  CHECK(actor->user_id == "jean dupont@asso.fr");
}

TEST_CASE("the credential splits at the first colon, so a secret may contain colons") {
  const std::string secret = "with:colons:inside+/==0123456789";
  auto actor = authenticate(headers_for("bob:" + secret), "registre", secret);
  REQUIRE(actor.ok());
  CHECK(actor->user_id == "bob");
  auto parsed = parse_authorization(crypto::base64_encode("bob:" + secret));
  REQUIRE(parsed.ok());
  CHECK(parsed->secret == secret);
}

TEST_CASE("base64 without padding is refused") {
  std::string encoded = crypto::base64_encode("bob:" + kSecret);
  REQUIRE(encoded.back() == '=');  // the fixture secret makes a padded encoding
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  AppApiHeaders h{std::string("registre"), std::string("0.1.0"), encoded};
  auto actor = authenticate(h, "registre", kSecret);
  REQUIRE_FALSE(actor.ok());
  CHECK(actor.error().kind == ErrorKind::unauthenticated);
}

TEST_CASE("garbage, URL-safe base64 and trailing bytes are refused") {
  for (std::string value : {"not base64 at all!", "Ym9iOnNlY3JldA==garbage", "Ym9i_-", "", "===="}) {
    AppApiHeaders h{std::string("registre"), std::string("0.1.0"), value};
    auto actor = authenticate(h, "registre", kSecret);
    CHECK_FALSE(actor.ok());
  }
}

TEST_CASE("a credential without a colon is refused") {
  auto actor = authenticate(headers_for("bob" + kSecret), "registre", kSecret);
  REQUIRE_FALSE(actor.ok());
  CHECK(actor.error().detail.find("<user>:<secret>") != std::string::npos);
}

TEST_CASE("a wrong secret, a longer or a shorter one, is refused") {
  for (const std::string& presented : {std::string("wrong-secret"), kSecret + "x", kSecret.substr(1),
                                       std::string()}) {
    auto actor = authenticate(headers_for("bob:" + presented), "registre", kSecret);
    CHECK_FALSE(actor.ok());
  }
}

TEST_CASE("a wrong or missing app id is refused") {
  AppApiHeaders h = headers_for("bob:" + kSecret);
  h.ex_app_id = "registre_err";
  CHECK_FALSE(authenticate(h, "registre", kSecret).ok());
  h.ex_app_id.reset();
  auto actor = authenticate(h, "registre", kSecret);
  REQUIRE_FALSE(actor.ok());
  CHECK(actor.error().detail == "EX-APP-ID is missing");
}

TEST_CASE("a missing or empty version is refused, any present version is accepted") {
  AppApiHeaders h = headers_for("bob:" + kSecret);
  h.ex_app_version.reset();
  CHECK_FALSE(authenticate(h, "registre", kSecret).ok());
  h.ex_app_version = "";
  CHECK_FALSE(authenticate(h, "registre", kSecret).ok());
  h.ex_app_version = "0.0.1";  // lower than ours: Nextcloud sends it during updates
  CHECK(authenticate(h, "registre", kSecret).ok());
}

TEST_CASE("a missing credential header is refused") {
  AppApiHeaders h = headers_for("bob:" + kSecret);
  h.authorization.reset();
  auto actor = authenticate(h, "registre", kSecret);
  REQUIRE_FALSE(actor.ok());
  CHECK(actor.error().detail == "AUTHORIZATION-APP-API is missing");
}

TEST_CASE("control characters in the user id are refused") {
  CHECK_FALSE(authenticate(headers_for(std::string("bo\nb:") + kSecret), "registre", kSecret).ok());
  CHECK_FALSE(authenticate(headers_for(std::string("bo\0b:", 5) + kSecret), "registre", kSecret).ok());
}

TEST_CASE("error details never echo the presented values") {
  auto actor = authenticate(headers_for("mallory:sneaky-secret-value"), "registre", kSecret);
  REQUIRE_FALSE(actor.ok());
  CHECK(actor.error().detail.find("sneaky") == std::string::npos);
  CHECK(actor.error().detail.find("mallory") == std::string::npos);
}

TEST_CASE("a non-ASCII byte inside the base64 text is refused (libsodium 1.0.18 accepts it)") {
  // Found by tests/fuzz/fuzz_auth_header: "Ym9iOnR\xd2lc3Qt..." decoded without error.
  std::string encoded = crypto::base64_encode("bob:" + kSecret);
  encoded[7] = '\xd2';
  AppApiHeaders h{std::string("registre"), std::string("0.1.0"), encoded};
  CHECK_FALSE(authenticate(h, "registre", kSecret).ok());
  CHECK_FALSE(crypto::base64_decode("Ym9i\xc3\xa9==").has_value());
}
