#include "http/problem.hpp"
#include "http/http_server.hpp"

#include <doctest/doctest.h>

using namespace registre;
using namespace registre::http;

TEST_CASE("validation errors are 422 with the fields, in the asked language") {
  Error e = make_error(ErrorKind::invalid, "invalid");
  e.fields.push_back({"email", "required"});
  const int status = http_status_for(e);
  CHECK(status == 422);
  auto body = problem_body(e, status, "fr");
  CHECK(body["type"] == "urn:registre:problem:invalid");
  CHECK(body["status"] == 422);
  CHECK(body["title"] == "La requête n'est pas valide.");
  CHECK(body["errors"][0]["field"] == "email");
  CHECK(body["errors"][0]["message"] == "Ce champ est obligatoire.");
}

TEST_CASE("each error kind has its HTTP status") {
  CHECK(http_status_for(make_error(ErrorKind::invalid, "")) == 400);
  CHECK(http_status_for(make_error(ErrorKind::unauthenticated, "")) == 401);
  CHECK(http_status_for(make_error(ErrorKind::forbidden, "")) == 403);
  CHECK(http_status_for(make_error(ErrorKind::not_found, "")) == 404);
  CHECK(http_status_for(make_error(ErrorKind::conflict, "")) == 409);
  CHECK(http_status_for(make_error(ErrorKind::precondition_failed, "")) == 412);
  CHECK(http_status_for(make_error(ErrorKind::payload_too_large, "")) == 413);
  CHECK(http_status_for(make_error(ErrorKind::precondition_required, "")) == 428);
  CHECK(http_status_for(make_error(ErrorKind::upstream, "")) == 502);
  CHECK(http_status_for(make_error(ErrorKind::unavailable, "")) == 503);
  CHECK(http_status_for(make_error(ErrorKind::rate_limited, "")) == 429);
}

TEST_CASE("logged paths carry no query string and no public token") {
  CHECK(loggable_path("/api/v1/members?search=Dupont") == "/api/v1/members");
  CHECK(loggable_path("/public/4f3c2a9b/consents") == "/public/…");
  CHECK(loggable_path("/public/v1/consents/" + std::string(64, 'a') + "?x=1") == "/public/…");
}
