#include "domain/public_link.hpp"

#include <doctest/doctest.h>

using namespace registre::domain;

TEST_CASE("a token is 64 lower-case hex digits") {
  CHECK(is_well_formed_token(std::string(64, 'a')));
  CHECK(is_well_formed_token("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
  CHECK_FALSE(is_well_formed_token(std::string(63, 'a')));
  CHECK_FALSE(is_well_formed_token(std::string(65, 'a')));
  CHECK_FALSE(is_well_formed_token(std::string(64, 'A')));
  CHECK_FALSE(is_well_formed_token(std::string(64, 'g')));
  CHECK_FALSE(is_well_formed_token(""));
}

TEST_CASE("a link is usable until it expires or is revoked") {
  PublicLink link;
  link.created_at = "2026-03-01T09:00:00.000Z";
  link.expires_at = "2026-03-31T09:00:00.000Z";
  CHECK(is_usable(link, "2026-03-31T08:59:59.999Z"));
  CHECK(link_state(link, "2026-03-01T09:00:00.000Z") == "active");
  CHECK_FALSE(is_usable(link, "2026-03-31T09:00:00.000Z"));
  CHECK(link_state(link, "2026-03-31T09:00:00.000Z") == "expired");
  link.revoked_at = "2026-03-02T09:00:00.000Z";
  link.revoked_by = "user:erin";
  CHECK_FALSE(is_usable(link, "2026-03-02T10:00:00.000Z"));
  CHECK(link_state(link, "2026-03-02T10:00:00.000Z") == "revoked");
  CHECK(link_state(link, "2027-01-01T00:00:00.000Z") == "revoked");
}
