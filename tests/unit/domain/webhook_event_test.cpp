// Outgoing webhook events and targets: the event list, URL parsing and the address check that
// keeps webhooks off the machine's own network unless an admin allows it.
#include "domain/webhook_event.hpp"

#include <doctest/doctest.h>

using namespace registre;

TEST_CASE("webhook event types: the ten of the issue, validated as a list") {
  CHECK(domain::webhook_event_types().size() == 10);
  CHECK(domain::is_webhook_event_type("member.erased"));
  CHECK_FALSE(domain::is_webhook_event_type("member.deleted"));
  CHECK(
      domain::validate_webhook_event_types({"member.created", "consent.given"}, "events").empty());
  auto empty = domain::validate_webhook_event_types({}, "events");
  REQUIRE(empty.size() == 1);
  CHECK(empty[0].field == "events");
  CHECK(empty[0].message == "webhook-events-required");
  auto unknown = domain::validate_webhook_event_types({"member.created", "member.nope"}, "events");
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].message == "webhook-event-unknown|member.nope");
  auto twice = domain::validate_webhook_event_types({"member.created", "member.created"}, "events");
  REQUIRE(twice.size() == 1);
  CHECK(twice[0].message == "webhook-event-repeated|member.created");
}

TEST_CASE("webhook URLs: http(s), host, port and path") {
  std::string reason;
  auto t = domain::parse_webhook_url("https://Hooks.Example.org/in/registre?x=1", reason);
  REQUIRE(t);
  CHECK(t->scheme == "https");
  CHECK(t->host == "hooks.example.org");
  CHECK(t->port == 443);
  CHECK(t->path_and_query == "/in/registre?x=1");

  t = domain::parse_webhook_url("http://127.0.0.1:8081", reason);
  REQUIRE(t);
  CHECK(t->port == 8081);
  CHECK(t->path_and_query == "/");

  t = domain::parse_webhook_url("http://[::1]:9000/h", reason);
  REQUIRE(t);
  CHECK(t->host == "::1");
  CHECK(t->port == 9000);

  CHECK_FALSE(domain::parse_webhook_url("ftp://example.org/", reason));
  CHECK(reason == "webhook-url-scheme");
  CHECK_FALSE(domain::parse_webhook_url("https://user:pw@example.org/", reason));
  CHECK(reason == "webhook-url-credentials");
  for (const char* bad :
       {"example.org/hook", "https://", "https://exa mple.org/", "https://example.org:0/",
        "https://example.org:65536/", "https://example.org:/", "https://[::1/",
        "https://example.org/#frag", "https://-bad.org/", "https://ex_ample.org/"}) {
    CAPTURE(bad);
    CHECK_FALSE(domain::parse_webhook_url(bad, reason));
  }
}

TEST_CASE("webhook targets: private, loopback and link-local addresses are not public") {
  for (const char* internal :
       {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.10", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fd00::1", "fe80::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "not an address"}) {
    CAPTURE(internal);
    CHECK(domain::is_non_public_address(internal));
  }
  for (const char* external : {"93.184.216.34", "172.32.0.1", "8.8.8.8", "2a00:1450:4007:80e::200e",
                               "::ffff:93.184.216.34"}) {
    CAPTURE(external);
    CHECK_FALSE(domain::is_non_public_address(external));
  }
}
