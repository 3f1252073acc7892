// The consent services end to end on a database file: recording with the injected clock,
// renewals after a new text, refusals that record nothing, and the ledger's tamper evidence
// (rows edited behind the service's back with the sqlite3 command-line tool).
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <limits>

#include "crypto/key_store.hpp"
#include "crypto/signing.hpp"
#include "crypto/sodium.hpp"
#include "domain/ledger_checkpoint.hpp"
#include "services/consent_service.hpp"
#include "services/ledger_service.hpp"
#include "services/ledger_verification.hpp"
#include "services/member_service.hpp"
#include "services/organization_service.hpp"
#include "services/purpose_service.hpp"
#include "store/consent_store.hpp"
#include "store/unit_of_work.hpp"
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

// An organisation (the demo one, id 1) with two members and the newsletter preset adopted.
struct Fixture {
  test_support::TempDir dir;
  std::unique_ptr<store::Database> db;
  FixedClock clock{at(2026, 3, 1, 9)};
  NoGroups groups;
  NoRoles roles;
  auth::Authorizer authorizer{groups, roles};
  std::unique_ptr<crypto::KeyStore> keys;
  std::unique_ptr<services::PurposeService> purposes;
  std::unique_ptr<services::ConsentService> consents;
  std::unique_ptr<services::LedgerService> ledger;
  services::RequestInfo manager;
  std::int64_t alice = 0, bruno = 0, newsletter = 0;

  Fixture() {
    REQUIRE(crypto::initialize());
    auto opened =
        store::Database::open({dir.file("registre.sqlite3")}, store::embedded_migrations());
    REQUIRE(opened.ok());
    db = std::move(opened).value();
    services::OrganizationService orgs(*db, clock, authorizer);
    REQUIRE(orgs.seed_demo_if_empty().ok());
    keys = std::make_unique<crypto::KeyStore>(dir.path());
    purposes = std::make_unique<services::PurposeService>(*db, clock);
    consents = std::make_unique<services::ConsentService>(*db, clock);
    ledger = std::make_unique<services::LedgerService>(*db, clock, *keys);
    manager.actor = {auth::Actor::Kind::user, "erin", false};
    crypto::MemberKeyStore member_keys(":memory:");
    services::SensitiveValues sensitive(member_keys);
    services::MemberService members(*db, clock, sensitive);
    domain::MemberChanges a;
    a.last_name = "Arnaud";
    a.first_name = "Alice";
    alice = members.create(manager, 1, a, std::nullopt).value().member.id;
    domain::MemberChanges b;
    b.last_name = "Bernard";
    b.first_name = "Bruno";
    bruno = members.create(manager, 1, b, std::nullopt).value().member.id;
    newsletter = purposes->adopt_preset(manager, 1, "newsletter", "fr").value().purpose.id;
  }

  domain::ConsentEvent record(std::int64_t member, const std::string& decision,
                              const std::string& channel = "web",
                              std::optional<std::int64_t> version = std::nullopt) {
    services::ConsentService::Decision d;
    d.purpose_id = newsletter;
    d.version_id = version;
    d.decision = decision;
    d.channel = channel;
    auto r = consents->record(manager, 1, member, d);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().detail));
    return r.value();
  }

  std::int64_t event_count() {
    auto lease = db->acquire();
    return lease->db().execAndGet("SELECT count(*) FROM consent_events").getInt64();
  }

  // Runs SQL on the database file with the sqlite3 tool, as someone with file access would.
  int run_sql(const std::string& sql) {
    const std::string command =
        "sqlite3 '" + dir.file("registre.sqlite3") + "' \"" + sql + "\" 2>/dev/null";
    return std::system(command.c_str());
  }
  void tamper(const std::string& sql) { REQUIRE(run_sql(sql) == 0); }

  // Appends `count` events for Alice after one recorded through the service, in one write
  // transaction (the service commits each): the decisions in turn, one in 20 with evidence.
  void append_events(int count) {
    domain::ConsentEvent e = record(alice, "given");
    auto lease = db->acquire();
    auto done = store::in_write_transaction(lease->db(), "appending", [&](SQLite::Database& tx) {
      for (int i = 1; i < count; ++i) {
        e.decision = i % 3 == 0 ? "withdrawn" : i % 3 == 1 ? "given" : "refused";
        e.evidence = i % 20 == 0 ? "Adhésions/" + std::to_string(i) + ".pdf" : "";
        auto appended = store::append_consent_event(tx, e);
        if (!appended) return Status(std::move(appended).error());
      }
      return ok_status();
    });
    REQUIRE(done.ok());
  }

  std::int64_t event_id_at(std::int64_t seq) {
    auto lease = db->acquire();
    return lease->db()
        .execAndGet("SELECT id FROM consent_events WHERE seq = " + std::to_string(seq))
        .getInt64();
  }
};

std::string describe(const services::LedgerVerification& v) {
  return std::to_string(v.events_checked) + " events, broken " +
         (v.first_broken_event_id ? std::to_string(*v.first_broken_event_id) : "-") + " seq " +
         (v.first_broken_seq ? std::to_string(*v.first_broken_seq) : "-") + " " + v.problem + ", " +
         std::to_string(v.checkpoints_checked) + " checkpoints, bad " +
         (v.first_bad_checkpoint_id ? std::to_string(*v.first_bad_checkpoint_id) : "-") + " " +
         v.checkpoint_problem;
}

services::LedgerVerification verify_now(Fixture& f) {
  auto lease = f.db->acquire();
  auto v = services::verify_ledger(lease->db(), 1, "");
  REQUIRE(v.ok());
  return v.value();
}

std::string state_of(Fixture& f, std::int64_t member) {
  auto lines = f.consents->current(f.manager, 1, member);
  REQUIRE(lines.ok());
  REQUIRE(lines->size() == 1);
  return std::string(domain::to_string(lines->front().state));
}

}  // namespace

TEST_CASE("a recorded consent carries the clock's time and chains to the previous event") {
  Fixture f;
  const auto first = f.record(f.alice, "given", "paper");
  CHECK(first.at == "2026-03-01T09:00:00.000Z");
  CHECK(first.seq == 1);
  CHECK(first.prev_hash == domain::kConsentGenesis);
  CHECK(first.recorded_by == "user:erin");
  f.clock.advance(minutes(5));
  const auto second = f.record(f.bruno, "refused");
  CHECK(second.at == "2026-03-01T09:05:00.000Z");
  CHECK(second.seq == 2);
  CHECK(second.prev_hash == first.hash);
  CHECK(state_of(f, f.alice) == "given");
  CHECK(state_of(f, f.bruno) == "refused");
  f.record(f.alice, "withdrawn");
  CHECK(state_of(f, f.alice) == "withdrawn");
  CHECK(f.consents->history(f.manager, 1, f.alice).value().size() == 2);
  auto v = f.ledger->verify(1);
  REQUIRE(v.ok());
  CHECK(v->intact());
  CHECK(v->events_checked == 3);
}

TEST_CASE("the ledger holds no name: members appear by pseudonym, evidence by its hash") {
  Fixture f;
  services::ConsentService::Decision d;
  d.purpose_id = f.newsletter;
  d.decision = "given";
  d.channel = "paper";
  d.evidence = "Adhésions/Arnaud Alice.pdf";
  REQUIRE(f.consents->record(f.manager, 1, f.alice, d).ok());
  {
    auto lease = f.db->acquire();
    SQLite::Statement q(lease->db(), "SELECT * FROM consent_events");
    REQUIRE(q.executeStep());
    for (int i = 0; i < q.getColumnCount(); ++i) {
      const std::string value = q.getColumn(i).getString();
      CHECK(value.find("Arnaud") == std::string::npos);
      CHECK(value.find("Alice") == std::string::npos);
    }
  }
  CHECK(f.consents->history(f.manager, 1, f.alice).value().at(0).evidence == d.evidence);
  // An erasure deletes the evidence; the chain, which holds only its hash, still verifies.
  f.tamper("DELETE FROM consent_evidence;");
  CHECK(f.consents->history(f.manager, 1, f.alice).value().at(0).evidence.empty());
  CHECK(f.ledger->verify(1).value().intact());
  // Evidence put back with other words is caught.
  const auto id = f.consents->history(f.manager, 1, f.alice).value().at(0).id;
  f.tamper("INSERT INTO consent_evidence (event_id, text) VALUES (" + std::to_string(id) +
           ", 'Autre.pdf');");
  CHECK(f.ledger->verify(1).value().problem == "evidence");
}

TEST_CASE("a new text makes given consents to-renew and lists who to ask again") {
  Fixture f;
  const auto v1 = f.purposes->versions(1, f.newsletter).value().front();
  f.record(f.alice, "given");
  f.record(f.bruno, "refused");
  CHECK(f.purposes->renewals(f.manager, 1, f.newsletter).value().empty());
  auto v2 = f.purposes->publish(f.manager, 1, f.newsletter, {"Nouveau texte.", "New text."});
  REQUIRE(v2.ok());
  CHECK(v2->number == 2);
  CHECK(state_of(f, f.alice) == "to_renew");
  CHECK(state_of(f, f.bruno) == "refused");  // a refusal is not to be renewed
  auto renew = f.purposes->renewals(f.manager, 1, f.newsletter);
  REQUIRE(renew.ok());
  REQUIRE(renew->size() == 1);
  CHECK(renew->front().member_id == f.alice);
  CHECK(renew->front().latest.version_id == v1.id);
  // Alice agrees to the new text: no longer listed. Recording against v1 explicitly is possible
  // (a paper form printed earlier) and leaves her to renew.
  f.record(f.alice, "given", "paper", v1.id);
  CHECK(state_of(f, f.alice) == "to_renew");
  f.record(f.alice, "given");
  CHECK(state_of(f, f.alice) == "given");
  CHECK(f.purposes->renewals(f.manager, 1, f.newsletter).value().empty());
}

TEST_CASE("bad decisions are refused, naming the field, and record nothing") {
  Fixture f;
  auto fundraising = f.purposes->adopt_preset(f.manager, 1, "fundraising", "en").value();
  auto refused = [&](std::int64_t member, services::ConsentService::Decision d,
                     const std::string& field) {
    auto r = f.consents->record(f.manager, 1, member, d);
    REQUIRE_FALSE(r.ok());
    if (field.empty()) {
      CHECK(r.error().kind == ErrorKind::not_found);
      REQUIRE(r.error().fields.size() == 1);
      CHECK(r.error().fields.front().field == "memberId");
    } else {
      REQUIRE(r.error().fields.size() >= 1);
      CHECK(r.error().fields.front().field == field);
    }
  };
  services::ConsentService::Decision d{f.newsletter, std::nullopt, "given", "web", ""};
  refused(f.alice, {999, std::nullopt, "given", "web", ""}, "purposeId");
  refused(f.alice, {f.newsletter, fundraising.latest->id, "given", "web", ""},
          "versionId");  // another purpose's
  refused(f.alice, {f.newsletter, std::nullopt, "maybe", "web", ""}, "decision");
  refused(f.alice, {f.newsletter, std::nullopt, "given", "pigeon", ""}, "channel");
  refused(f.alice, {f.newsletter, std::nullopt, "given", "web", std::string(501, 'x')}, "evidence");
  refused(999, d, "");  // not a member of this organisation
  auto purpose = f.purposes->list(1).value().front().purpose;
  services::PurposeService::Changes retire;
  retire.active = false;
  REQUIRE(f.purposes->update(f.manager, 1, f.newsletter, purpose.version, retire).ok());
  refused(f.alice, d, "purposeId");
  auto draft = domain::Purpose{};
  draft.organization_id = 1;
  draft.key = "no_text";
  draft.title = "Sans texte";
  draft.legal_basis = "consent";
  auto no_text = f.purposes->create(f.manager, draft, std::nullopt).value();
  refused(f.alice, {no_text.purpose.id, std::nullopt, "given", "web", ""}, "purposeId");
  CHECK(f.event_count() == 0);
}

TEST_CASE("a row edited with sqlite3 is found: the first broken event is named") {
  Fixture f;
  for (int i = 0; i < 4; ++i)
    f.record(i % 2 ? f.bruno : f.alice, i < 2 ? "given" : "withdrawn");
  REQUIRE(f.ledger->verify(1).value().intact());
  // The append-only trigger stops mistakes, not someone with the file: they drop it first.
  f.tamper(
      "DROP TRIGGER consent_events_are_append_only; UPDATE consent_events SET decision = 'given' "
      "WHERE seq = 3;");
  auto v = f.ledger->verify(1);
  REQUIRE(v.ok());
  CHECK_FALSE(v->intact());
  REQUIRE(v->first_broken_seq.has_value());
  CHECK(*v->first_broken_seq == 3);
  CHECK(v->problem == "hash");
}

TEST_CASE("an edit with its hash recomputed breaks the link to the next event") {
  Fixture f;
  for (int i = 0; i < 3; ++i)
    f.record(f.alice, "given");
  domain::ConsentEvent second;
  {
    auto lease = f.db->acquire();
    auto ok = store::for_each_consent_event(lease->db(), 1, [&](const domain::ConsentEvent& e) {
      if (e.seq == 2) second = e;
      return true;
    });
    REQUIRE(ok.ok());
  }
  // Someone who knows the encoding edits event 2 and gives it a hash that matches its new content.
  second.decision = "refused";
  const std::string forged = crypto::blake2b_256_hex(domain::consent_hash_input(second));
  f.tamper(
      "DROP TRIGGER consent_events_are_append_only; UPDATE consent_events SET decision = "
      "'refused', hash = '" +
      forged + "' WHERE seq = 2;");
  auto v = f.ledger->verify(1).value();
  REQUIRE(v.first_broken_seq.has_value());
  CHECK(*v.first_broken_seq == 3);  // event 3 still names the old hash
  CHECK(v.problem == "link");
}

TEST_CASE("a deleted event and an edited text are detected") {
  Fixture f;
  for (int i = 0; i < 3; ++i)
    f.record(f.alice, "given");
  {
    Fixture g;
    g.record(g.alice, "given");
    CHECK(g.run_sql("UPDATE purpose_versions SET text_fr = 'Autre chose';") !=
          0);  // the trigger refuses
    CHECK(g.ledger->verify(1).value().intact());
    g.tamper(
        "DROP TRIGGER purpose_versions_are_immutable; UPDATE purpose_versions SET text_fr = 'Autre "
        "chose';");
    auto v = g.ledger->verify(1).value();
    CHECK(v.problem == "text");
    CHECK(*v.first_broken_seq == 1);
  }
  f.tamper("DROP TRIGGER consent_events_are_kept; DELETE FROM consent_events WHERE seq = 2;");
  auto v = f.ledger->verify(1).value();
  CHECK(v.problem == "sequence");
  CHECK(*v.first_broken_seq == 3);
}

TEST_CASE(
    "signed checkpoints: one per head, and a rewritten or truncated history no longer matches") {
  Fixture f;
  for (int i = 0; i < 3; ++i)
    f.record(f.alice, "given");
  auto first = f.ledger->checkpoint(f.manager, 1);
  REQUIRE(first.ok());
  CHECK(first->created);
  CHECK(first->checkpoint.seq == 3);
  CHECK_FALSE(f.ledger->checkpoint(f.manager, 1).value().created);  // head unchanged
  CHECK(f.ledger->checkpoint_all().value() == 0);
  f.record(f.bruno, "given");
  CHECK(f.ledger->checkpoint_all().value() == 1);
  auto exported = f.ledger->checkpoints(1).value();
  REQUIRE(exported.checkpoints.size() == 2);
  CHECK(exported.public_key == f.keys->existing_public_key().value());
  for (const auto& c : exported.checkpoints) {
    CHECK(crypto::signature_valid(exported.public_key, domain::checkpoint_message(c), c.signature));
  }
  auto v = f.ledger->verify(1).value();
  CHECK(v.intact());
  CHECK(v.checkpoints_checked == 2);

  // Cutting the last event off: the chain that remains is consistent, the checkpoint is not.
  f.tamper("DROP TRIGGER consent_events_are_kept; DELETE FROM consent_events WHERE seq = 4;");
  v = f.ledger->verify(1).value();
  CHECK_FALSE(v.first_broken_event_id.has_value());
  REQUIRE(v.first_bad_checkpoint_id.has_value());
  CHECK(*v.first_bad_checkpoint_id == exported.checkpoints[1].id);
  CHECK(v.checkpoint_problem == "truncated");
}

TEST_CASE("a checkpoint whose head or signature was changed is named") {
  Fixture f;
  f.record(f.alice, "given");
  REQUIRE(f.ledger->checkpoint(f.manager, 1).ok());
  f.tamper(
      "DROP TRIGGER ledger_checkpoints_are_append_only; UPDATE ledger_checkpoints SET head_hash = "
      "'" +
      std::string(64, 'a') + "';");
  auto v = f.ledger->verify(1).value();
  CHECK(v.checkpoint_problem == "signature");
  // Re-signed with another key (the database alone does not hold the key store's key).
  Fixture g;
  g.record(g.alice, "given");
  const auto other = crypto::SigningKey::generate();
  domain::LedgerCheckpoint forged;
  forged.organization_id = 1;
  forged.seq = 1;
  forged.signed_at = "2026-03-01T10:00:00.000Z";
  {
    auto lease = g.db->acquire();
    forged.head_hash = store::ledger_head(lease->db(), 1).value().hash;
  }
  forged.public_key = other.public_key_hex();
  forged.signature = other.sign_hex(domain::checkpoint_message(forged));
  REQUIRE(g.ledger->checkpoint(g.manager, 1).ok());  // creates the key store's key
  g.tamper(
      "DELETE FROM ledger_checkpoints; INSERT INTO ledger_checkpoints (organization_id, seq, "
      "head_hash, signed_at, "
      "public_key, signature) VALUES (1, 1, '" +
      forged.head_hash + "', '" + forged.signed_at + "', '" + forged.public_key + "', '" +
      forged.signature + "');");
  CHECK(g.ledger->verify(1).value().checkpoint_problem == "key");
}

TEST_CASE(
    "a rewritten head with a recomputed hash passes the chain but not the signed checkpoint") {
  Fixture f;
  for (int i = 0; i < 2; ++i)
    f.record(f.alice, "given");
  const auto signed_head = f.ledger->checkpoint(f.manager, 1);
  REQUIRE(signed_head.ok());
  domain::ConsentEvent last_event;
  {
    auto lease = f.db->acquire();
    REQUIRE(store::for_each_consent_event(lease->db(), 1, [&](const domain::ConsentEvent& e) {
              last_event = e;
              return true;
            }).ok());
  }
  last_event.decision = "withdrawn";
  const std::string forged = crypto::blake2b_256_hex(domain::consent_hash_input(last_event));
  f.tamper(
      "DROP TRIGGER consent_events_are_append_only; UPDATE consent_events SET decision = "
      "'withdrawn', hash = '" +
      forged + "' WHERE seq = 2;");
  auto v = f.ledger->verify(1).value();
  CHECK_FALSE(v.first_broken_event_id.has_value());  // the chain alone cannot tell
  REQUIRE(v.first_bad_checkpoint_id.has_value());
  CHECK(*v.first_bad_checkpoint_id == signed_head->checkpoint.id);
  CHECK(v.checkpoint_problem == "head");
}

TEST_CASE("the verifier names the kind of every break") {
  auto problem_after = [](const std::string& sql, const char* drop) {
    Fixture f;
    for (int i = 0; i < 4; ++i)
      f.record(i % 2 ? f.bruno : f.alice, "given");
    REQUIRE(f.ledger->checkpoint(f.manager, 1).ok());
    CHECK(verify_now(f).intact());
    f.tamper(std::string(drop) + sql);
    return verify_now(f);
  };
  CHECK(problem_after("UPDATE consent_events SET decision = 'refused' WHERE seq = 2;",
                      "DROP TRIGGER consent_events_are_append_only;")
            .problem == "hash");
  CHECK(problem_after("DELETE FROM consent_events WHERE seq = 3;",
                      "DROP TRIGGER consent_events_are_kept;")
            .problem == "sequence");
  CHECK(problem_after("UPDATE consent_events SET prev_hash = hash WHERE seq = 4;",
                      "DROP TRIGGER consent_events_are_append_only;")
            .problem == "link");
  CHECK(problem_after("UPDATE purpose_versions SET text_fr = 'Autre chose';",
                      "DROP TRIGGER purpose_versions_are_immutable;")
            .problem == "text");
  CHECK(problem_after("DELETE FROM consent_events WHERE seq = 4;",
                      "DROP TRIGGER consent_events_are_kept;")
            .checkpoint_problem == "truncated");
}

TEST_CASE("a ledger of 12 500 events verifies, and its first break is named") {
  Fixture f;
  const int events = 12500;
  f.append_events(events);
  REQUIRE(f.ledger->checkpoint(f.manager, 1).ok());
  auto intact = f.ledger->verify(1);
  REQUIRE(intact.ok());
  CHECK(intact->intact());
  CHECK(intact->events_checked == events);
  CHECK(intact->checkpoints_checked == 1);

  // A row in the middle edited (all were recorded on the web): found, the walk stops there.
  f.tamper(
      "DROP TRIGGER consent_events_are_append_only; UPDATE consent_events SET channel = "
      "'paper' WHERE seq = 6000;");
  auto v = f.ledger->verify(1);
  REQUIRE(v.ok());
  CHECK_FALSE(v->intact());
  REQUIRE(v->first_broken_seq.has_value());
  CHECK(*v->first_broken_seq == 6000);
  CHECK(*v->first_broken_event_id == f.event_id_at(6000));
  CHECK(v->problem == "hash");
  CHECK(v->events_checked == 6000);
  CHECK(v->checkpoint_problem.empty());  // the checkpoint is past the break: not compared
  CHECK(describe(verify_now(f)) == describe(v.value()));
}

namespace {

// Interrupts the connection's statements once, after `limit` calls of every 100 VM instructions
// (0: never): an SQLite error in the middle of the walk.
struct Interrupt {
  long calls = 0;
  long limit = 0;
  static int handler(void* self) {
    auto& i = *static_cast<Interrupt*>(self);
    return ++i.calls == i.limit ? 1 : 0;
  }
};

Result<services::LedgerVerification> verify_interrupted(Fixture& f, Interrupt& interrupt) {
  auto lease = f.db->acquire();
  interrupt.calls = 0;
  sqlite3_progress_handler(lease->db().getHandle(), 100, &Interrupt::handler, &interrupt);
  auto v = services::verify_ledger(lease->db(), 1, "");
  sqlite3_progress_handler(lease->db().getHandle(), 0, nullptr, nullptr);
  return v;
}

}  // namespace

TEST_CASE("an SQLite error during the walk is the answer unless a break came before it") {
  Fixture f;
  const int events = 12500;
  f.append_events(events);
  Interrupt interrupt;
  REQUIRE(verify_interrupted(f, interrupt).ok());
  // Half the instructions of the whole verification: about event 6250 (the walk is nearly all of it).
  interrupt.limit = interrupt.calls / 2;
  CHECK_FALSE(verify_interrupted(f, interrupt).ok());
  // A break after the error: the error.
  f.tamper(
      "DROP TRIGGER consent_events_are_append_only; UPDATE consent_events SET channel = "
      "'paper' WHERE seq = 7000;");
  CHECK_FALSE(verify_interrupted(f, interrupt).ok());
  // A break before the error: the walk stops at the break and never meets the error.
  f.tamper("UPDATE consent_events SET channel = 'paper' WHERE seq = 3000;");
  auto v = verify_interrupted(f, interrupt);
  REQUIRE(v.ok());
  REQUIRE(v->first_broken_seq.has_value());
  CHECK(*v->first_broken_seq == 3000);
  CHECK(v->problem == "hash");
  CHECK(v->events_checked == 3000);
}
