#include "domain/consent_event.hpp"

#include <doctest/doctest.h>

using namespace registre::domain;

namespace {

ConsentEvent sample() {
  ConsentEvent e;
  e.organization_id = 3;
  e.seq = 12;
  e.at = "2026-11-29T10:00:00.000Z";
  e.member_pseudonym = "a1b2";
  e.purpose_id = 7;
  e.version_id = 9;
  e.text_hash = std::string(64, 'c');
  e.decision = "given";
  e.channel = "paper";
  e.recorded_by = "user:alice";
  e.evidence = "Scans/formulaire.pdf";  // not in the encoding: only its hash is
  e.evidence_hash = std::string(64, 'e');
  e.prev_hash = std::string(64, 'p');
  return e;
}

}  // namespace

TEST_CASE("the canonical encoding of a consent event is exactly the documented bytes") {
  const std::string expected =
      "registre-consent-v1\n64:" + std::string(64, 'p') +
      "\n1:3\n2:12\n24:2026-11-29T10:00:00.000Z\n4:a1b2\n1:7\n1:9\n64:" + std::string(64, 'c') +
      "\n5:given\n5:paper\n10:user:alice\n64:" + std::string(64, 'e') + "\n";
  CHECK(consent_hash_input(sample()) == expected);
}

TEST_CASE("every chained field changes the encoding; the evidence text and row id do not") {
  const std::string base = consent_hash_input(sample());
  auto differs = [&](auto change) {
    ConsentEvent e = sample();
    change(e);
    return consent_hash_input(e) != base;
  };
  CHECK(differs([](ConsentEvent& e) { e.prev_hash[0] = 'q'; }));
  CHECK(differs([](ConsentEvent& e) { e.organization_id = 4; }));
  CHECK(differs([](ConsentEvent& e) { e.seq = 13; }));
  CHECK(differs([](ConsentEvent& e) { e.at = "2026-11-29T10:00:01.000Z"; }));
  CHECK(differs([](ConsentEvent& e) { e.member_pseudonym = "a1b3"; }));
  CHECK(differs([](ConsentEvent& e) { e.purpose_id = 8; }));
  CHECK(differs([](ConsentEvent& e) { e.version_id = 10; }));
  CHECK(differs([](ConsentEvent& e) { e.text_hash[5] = 'd'; }));
  CHECK(differs([](ConsentEvent& e) { e.decision = "withdrawn"; }));
  CHECK(differs([](ConsentEvent& e) { e.channel = "web"; }));
  CHECK(differs([](ConsentEvent& e) { e.recorded_by = "user:bob"; }));
  CHECK(differs([](ConsentEvent& e) { e.evidence_hash[0] = 'f'; }));
  // Erasure blanks the evidence text; the chain must still verify.
  CHECK_FALSE(differs([](ConsentEvent& e) { e.evidence.clear(); }));
  CHECK_FALSE(differs([](ConsentEvent& e) { e.id = 99; }));
}

TEST_CASE("length prefixes keep values from running into each other") {
  ConsentEvent a = sample(), b = sample();
  a.decision = "given";
  a.channel = "paper";
  b.decision = "givenp";
  b.channel = "aper";
  CHECK(consent_hash_input(a) != consent_hash_input(b));
}

TEST_CASE("decisions and channels are the documented lists") {
  for (const char* d : {"given", "withdrawn", "refused", "objected"})
    CHECK(is_decision(d));
  for (const char* d : {"", "Given", "objection", "given "})
    CHECK_FALSE(is_decision(d));
  for (const char* c : {"web", "paper", "import", "form", "public_link", "api"})
    CHECK(is_channel(c));
  for (const char* c : {"", "email", "public-link", "API"})
    CHECK_FALSE(is_channel(c));
}

TEST_CASE("the current state: latest decision, and consents to an older text are to renew") {
  ConsentEvent given = sample();
  given.version_id = 9;
  CHECK(consent_state(std::nullopt, 9, true) == ConsentState::none);
  CHECK(consent_state(given, 9, true) == ConsentState::given);
  CHECK(consent_state(given, 10, true) == ConsentState::to_renew);
  // A purpose on another basis (e.g. legitimate interest) does not rest on the text agreed.
  CHECK(consent_state(given, 10, false) == ConsentState::given);
  ConsentEvent withdrawn = given;
  withdrawn.decision = "withdrawn";
  CHECK(consent_state(withdrawn, 10, true) == ConsentState::withdrawn);
  ConsentEvent refused = given;
  refused.decision = "refused";
  CHECK(consent_state(refused, 9, true) == ConsentState::refused);
  CHECK(to_string(ConsentState::to_renew) == "to_renew");
}

TEST_CASE(
    "an objection is a state of its own, possible only on a legitimate interest or a public task") {
  ConsentEvent objected = sample();
  objected.decision = "objected";
  CHECK(is_decision("objected"));
  CHECK(consent_state(objected, 9, false) == ConsentState::objected);
  CHECK(to_string(ConsentState::objected) == "objected");
  CHECK(may_object("legitimate_interest"));
  CHECK(may_object("public_task"));
  for (const char* basis : {"consent", "contract", "legal_obligation", "vital_interest"})
    CHECK_FALSE(may_object(basis));
}

TEST_CASE(
    "may_process: restriction and retirement stop everything; consent needs a consent; an "
    "objection stops the rest") {
  using S = ConsentState;
  for (const char* basis : {"consent", "contract", "legitimate_interest", "legal_obligation"}) {
    CAPTURE(basis);
    CHECK_FALSE(may_process(true, true, basis, S::given));    // restricted (Art. 18)
    CHECK_FALSE(may_process(false, false, basis, S::given));  // retired purpose
  }
  CHECK(may_process(false, true, "consent", S::given));
  CHECK(may_process(false, true, "consent",
                    S::to_renew));  // the earlier consent stands until withdrawn
  for (S s : {S::none, S::withdrawn, S::refused, S::objected})
    CHECK_FALSE(may_process(false, true, "consent", s));
  CHECK(may_process(false, true, "legitimate_interest", S::none));
  CHECK(may_process(false, true, "legitimate_interest", S::given));  // objection lifted
  CHECK_FALSE(may_process(false, true, "legitimate_interest", S::objected));
  CHECK_FALSE(may_process(false, true, "public_task", S::objected));
  CHECK(may_process(false, true, "contract", S::none));
  CHECK(may_process(false, true, "legal_obligation", S::none));
}

TEST_CASE("latest_per_purpose keeps the event with the highest seq of each purpose, in any order") {
  ConsentEvent a = sample(), b = sample(), c = sample();
  a.seq = 5, a.purpose_id = 1, a.decision = "given";
  b.seq = 8, b.purpose_id = 1, b.decision = "withdrawn";
  c.seq = 6, c.purpose_id = 2, c.decision = "refused";
  const auto latest = latest_per_purpose({b, c, a});
  REQUIRE(latest.size() == 2);
  CHECK(latest.at(1).decision == "withdrawn");
  CHECK(latest.at(2).decision == "refused");
}
