// Public links end to end on a database file with an injected clock: expiry, revocation, one
// answer for every token that opens nothing, decisions recorded in the ledger (which still
// verifies), refusals that record nothing, and "my membership" for a linked Nextcloud user.
#include "services/public_link_service.hpp"

#include <doctest/doctest.h>

#include "crypto/key_store.hpp"
#include "crypto/sodium.hpp"
#include "services/ledger_service.hpp"
#include "services/member_self_service.hpp"
#include "services/member_service.hpp"
#include "services/organization_service.hpp"
#include "services/purpose_service.hpp"
#include "test_support/no_directory.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace std::chrono;

namespace {

using test_support::NoGroups;
using test_support::NoRoles;

TimePoint at(int y, unsigned m, unsigned d, int hour_utc) {
  return time_point_cast<milliseconds>(sys_days{year{y} / month{m} / day{d}} + hours{hour_utc});
}

struct Fixture {
  test_support::TempDir dir;
  std::unique_ptr<store::Database> db;
  FixedClock clock{at(2026, 3, 1, 9)};
  NoGroups groups;
  NoRoles roles;
  auth::Authorizer authorizer{groups, roles};
  std::unique_ptr<crypto::KeyStore> keys;
  std::unique_ptr<services::PublicLinkService> links;
  std::unique_ptr<services::MemberSelfService> self;
  std::unique_ptr<services::LedgerService> ledger;
  services::RequestInfo manager;
  services::RequestInfo anonymous;  // a visitor on the public route: no user
  std::int64_t alice = 0, newsletter = 0, vote = 0;

  Fixture() {
    REQUIRE(crypto::initialize());
    auto opened =
        store::Database::open({dir.file("registre.sqlite3")}, store::embedded_migrations());
    REQUIRE(opened.ok());
    db = std::move(opened).value();
    services::OrganizationService orgs(*db, clock, authorizer);
    REQUIRE(orgs.seed_demo_if_empty().ok());
    keys = std::make_unique<crypto::KeyStore>(dir.path());
    links = std::make_unique<services::PublicLinkService>(*db, clock);
    self = std::make_unique<services::MemberSelfService>(*db, clock);
    ledger = std::make_unique<services::LedgerService>(*db, clock, *keys);
    manager.actor = {auth::Actor::Kind::user, "erin", false};
    crypto::MemberKeyStore member_keys(":memory:");
    services::SensitiveValues sensitive(member_keys);
    services::MemberService members(*db, clock, sensitive);
    domain::MemberChanges a;
    a.last_name = "Arnaud";
    a.nextcloud_user = "alice";
    alice = members.create(manager, 1, a, std::nullopt).value().member.id;
    services::PurposeService purposes(*db, clock);
    newsletter = purposes.adopt_preset(manager, 1, "newsletter", "fr").value().purpose.id;
    domain::Purpose contract;
    contract.organization_id = 1;
    contract.key = "ag-vote";
    contract.title = "Vote";
    contract.legal_basis = "contract";
    vote = purposes.create(manager, contract, services::PurposeService::Texts{"Texte.", "Text."})
               .value()
               .purpose.id;
  }

  std::string new_token(std::optional<std::int64_t> days = std::nullopt) {
    auto created = links->create(manager, 1, alice, days);
    REQUIRE(created.ok());
    return created->token;
  }
  std::int64_t count(const std::string& sql) {
    auto lease = db->acquire();
    return lease->db().execAndGet(sql).getInt64();
  }
  std::string state(const std::string& token, std::int64_t purpose) {
    auto choices = links->open(anonymous, token);
    REQUIRE(choices.ok());
    for (const auto& line : choices->lines)
      if (line.purpose.id == purpose) return std::string(domain::to_string(line.state));
    return "absent";
  }
};

// Every way a token can fail gives this one error, field for field.
void check_no_such_link(const Result<services::MemberChoices>& r) {
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::not_found);
  CHECK(r.error().title == "not-found");
  CHECK(r.error().detail.empty());
  CHECK(r.error().fields.empty());
}

}  // namespace

TEST_CASE("a link lives 30 days by default, at most 365, and only its hash is stored") {
  Fixture f;
  auto created = f.links->create(f.manager, 1, f.alice, std::nullopt);
  REQUIRE(created.ok());
  CHECK(created->link.expires_at == "2026-03-31T09:00:00.000Z");
  CHECK(domain::is_well_formed_token(created->token));
  CHECK(created->link.token_hash == crypto::blake2b_256_hex(created->token));
  CHECK(f.count("SELECT count(*) FROM public_links WHERE token_hash = '" +
                created->link.token_hash + "'") == 1);
  CHECK(f.count("SELECT count(*) FROM public_links WHERE instr(token_hash, '" + created->token +
                "') > 0") == 0);
  CHECK(f.links->create(f.manager, 1, f.alice, 365).ok());
  for (std::int64_t days : {0, 366, -1}) {
    auto refused = f.links->create(f.manager, 1, f.alice, days);
    REQUIRE_FALSE(refused.ok());
    REQUIRE(refused.error().fields.size() == 1);
    CHECK(refused.error().fields[0].field == "expiresInDays");
  }
  CHECK(f.count("SELECT count(*) FROM public_links") == 2);
  // A member of another organisation (or none) gets no link.
  auto elsewhere = f.links->create(f.manager, 2, f.alice, std::nullopt);
  CHECK_FALSE(elsewhere.ok());
  CHECK(f.links->list(f.manager, 1, f.alice)->size() == 2);
}

TEST_CASE("a link stops working when it expires and when it is revoked, with the same answer") {
  Fixture f;
  const std::string token = f.new_token(2);
  CHECK(f.links->open(f.anonymous, token).ok());
  f.clock.advance(hours(47));
  CHECK(f.links->open(f.anonymous, token).ok());
  f.clock.advance(hours(1));  // exactly two days: expired
  check_no_such_link(f.links->open(f.anonymous, token));
  CHECK(domain::link_state(f.links->list(f.manager, 1, f.alice)->front(), f.links->now()) ==
        "expired");

  const std::string other = f.new_token();
  const auto id = f.links->list(f.manager, 1, f.alice)->front().id;
  auto revoked = f.links->revoke(f.manager, 1, f.alice, id);
  REQUIRE(revoked.ok());
  CHECK(revoked->revoked_by == std::optional<std::string>("user:erin"));
  check_no_such_link(f.links->open(f.anonymous, other));
  CHECK(f.links->revoke(f.manager, 1, f.alice, id).ok());  // again: nothing changes
  CHECK(f.links->revoke(f.manager, 1, f.alice, 9999).error().kind == ErrorKind::not_found);

  // Unknown, malformed, upper-case, empty: the same.
  check_no_such_link(f.links->open(f.anonymous, std::string(64, '0')));
  check_no_such_link(f.links->open(f.anonymous, "abc"));
  std::string upper = other;
  for (char& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  check_no_such_link(f.links->open(f.anonymous, upper));
  check_no_such_link(f.links->open(f.anonymous, ""));
  // And deciding through a dead link records nothing.
  auto refused = f.links->decide(f.anonymous, other, f.newsletter, "given");
  CHECK(refused.error().kind == ErrorKind::not_found);
  CHECK(f.count("SELECT count(*) FROM consent_events") == 0);
}

TEST_CASE("giving and withdrawing through a link is in the ledger, and the chain verifies") {
  Fixture f;
  const std::string token = f.new_token();
  CHECK(f.state(token, f.newsletter) == "none");
  auto given = f.links->decide(f.anonymous, token, f.newsletter, "given");
  REQUIRE(given.ok());
  CHECK(given->state == domain::ConsentState::given);
  f.clock.advance(minutes(3));
  auto withdrawn = f.links->decide(f.anonymous, token, f.newsletter, "withdrawn");
  REQUIRE(withdrawn.ok());
  CHECK(withdrawn->state == domain::ConsentState::withdrawn);
  REQUIRE(withdrawn->latest_event.has_value());
  const auto& event = *withdrawn->latest_event;
  CHECK(event.channel == "public_link");
  CHECK(event.decision == "withdrawn");
  CHECK(event.seq == 2);
  CHECK(event.at == "2026-03-01T09:03:00.000Z");
  CHECK(event.recorded_by.rfind("public_link:", 0) == 0);
  CHECK(f.state(token, f.newsletter) == "withdrawn");
  auto verified = f.ledger->verify(1);
  REQUIRE(verified.ok());
  CHECK(verified->intact());
  CHECK(verified->events_checked == 2);
  // Audited, with the link as the actor and no token anywhere in the log.
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'consent.recorded' AND actor LIKE "
                "'public_link:%'") == 2);
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE instr(actor || subject || fields, '" + token +
                "') > 0") == 0);
}

TEST_CASE("a member's own decisions: only give or withdraw, only on consent-based purposes") {
  Fixture f;
  const std::string token = f.new_token();
  for (auto [purpose, decision, field] :
       {std::tuple{f.newsletter, "refused", "decision"}, std::tuple{f.newsletter, "", "decision"},
        std::tuple{f.vote, "given", "purposeId"},
        std::tuple{std::int64_t{999}, "given", "purposeId"}}) {
    auto refused = f.links->decide(f.anonymous, token, purpose, decision);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == ErrorKind::invalid);
    REQUIRE(refused.error().fields.size() == 1);
    CHECK(refused.error().fields[0].field == field);
  }
  CHECK(f.count("SELECT count(*) FROM consent_events") == 0);
}

TEST_CASE("my membership: the linked user sees and changes their own consents, recorded as them") {
  Fixture f;
  services::RequestInfo alice;
  alice.actor = {auth::Actor::Kind::user, "alice", false};
  auto mine = f.self->memberships(alice);
  REQUIRE(mine.ok());
  REQUIRE(mine->size() == 1);
  CHECK(mine->front().member_id == f.alice);
  CHECK(mine->front().organization_id == 1);
  auto line = f.self->decide(alice, 1, f.newsletter, "given");
  REQUIRE(line.ok());
  CHECK(line->latest_event->channel == "web");
  CHECK(line->latest_event->recorded_by == "user:alice");
  auto choices = f.self->choices(alice, 1);
  REQUIRE(choices.ok());
  CHECK(choices->member_id == f.alice);
  CHECK(choices->expires_at.empty());

  services::RequestInfo bob;
  bob.actor = {auth::Actor::Kind::user, "bob", false};
  CHECK(f.self->memberships(bob)->empty());
  CHECK(f.self->choices(bob, 1).error().kind == ErrorKind::not_found);
  CHECK(f.self->decide(bob, 1, f.newsletter, "given").error().kind == ErrorKind::not_found);
  CHECK(f.count("SELECT count(*) FROM consent_events") == 1);
}
