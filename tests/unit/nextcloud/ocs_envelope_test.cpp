#include <doctest/doctest.h>

#include "nextcloud/ocs_client.hpp"

using namespace registre::nextcloud;

// Bodies verbatim from the captured Nextcloud 32 traffic.
TEST_CASE("a v1 success envelope") {
  auto r = parse_ocs_envelope(200, R"({"ocs":{"meta":{"status":"ok","statuscode":100,"message":"OK","totalitems":"","itemsperpage":""},"data":[]}})");
  REQUIRE(r.has_value());
  CHECK(r->ok());
}

TEST_CASE("a v1 failure arrives with HTTP 200 and is not ok") {
  // ui.jsonl seq 26: POST top-menu without a name.
  auto r = parse_ocs_envelope(200, R"({"ocs":{"meta":{"status":"failure","statuscode":996,"message":"Internal Server Error\n","totalitems":"","itemsperpage":""},"data":[]}})");
  REQUIRE(r.has_value());
  CHECK_FALSE(r->ok());
  CHECK(r->ocs_status == 996);
}

TEST_CASE("a v1 404 is recognisable") {
  auto r = parse_ocs_envelope(200, R"({"ocs":{"meta":{"status":"failure","statuscode":404,"message":"No such Top Menu entry","totalitems":"","itemsperpage":""},"data":[]}})");
  REQUIRE(r.has_value());
  CHECK(r->not_found());
}

TEST_CASE("v2 envelopes mirror the HTTP status") {
  auto ok = parse_ocs_envelope(200, R"({"ocs":{"meta":{"status":"ok","statuscode":200,"message":"OK"},"data":{"groups":[]}}})");
  REQUIRE(ok.has_value());
  CHECK(ok->ok());
  CHECK(ok->data["groups"].is_array());
  auto exists = parse_ocs_envelope(400, R"({"ocs":{"meta":{"status":"failure","statuscode":102,"message":"group exists"},"data":[]}})");
  REQUIRE(exists.has_value());
  CHECK_FALSE(exists->ok());
}

TEST_CASE("anything else is not an envelope") {
  CHECK_FALSE(parse_ocs_envelope(200, "<html>").has_value());
  CHECK_FALSE(parse_ocs_envelope(200, R"({"ocs":{}})").has_value());
  CHECK_FALSE(parse_ocs_envelope(200, R"({"ocs":{"meta":{"statuscode":"100"}}})").has_value());
}
