#include "store/consent_store.hpp"

#include <doctest/doctest.h>

#include "crypto/sodium.hpp"
#include "store/database.hpp"
#include "store/unit_of_work.hpp"

using namespace registre;
using namespace registre::store;

namespace {

// An in-memory database with organisation 1, a purpose and one version of its text.
struct Ledger {
  std::unique_ptr<Database> database;
  std::optional<Database::Lease> lease;
  SQLite::Database& db() { return lease->db(); }

  Ledger() {
    REQUIRE(crypto::initialize());
    auto opened = Database::open({":memory:"}, embedded_migrations());
    REQUIRE(opened.ok());
    database = std::move(opened).value();
    auto l = database->acquire();
    REQUIRE(l.ok());
    lease.emplace(std::move(l).value());
    db().exec(
        "INSERT INTO organizations (slug, name, legal_form, created_at) VALUES ('a', 'A', "
        "'association', 'now')");
    db().exec(
        "INSERT INTO purposes (organization_id, key, title, legal_basis, created_at, updated_at) "
        "VALUES (1, 'newsletter', 'Lettre', 'consent', 'now', 'now')");
    db().exec(
        "INSERT INTO purpose_versions (purpose_id, number, text_fr, text_en, text_hash, "
        "published_at, published_by) "
        "VALUES (1, 1, 'Oui', 'Yes', '" +
        std::string(64, 'a') + "', 'now', 'user:a')");
  }

  domain::ConsentEvent append(const std::string& decision, const std::string& evidence = "") {
    domain::ConsentEvent e;
    e.organization_id = 1;
    e.at = "2026-11-29T10:00:00.000Z";
    e.member_pseudonym = "p1";
    e.purpose_id = 1;
    e.version_id = 1;
    e.text_hash = std::string(64, 'a');
    e.decision = decision;
    e.channel = "web";
    e.recorded_by = "user:a";
    e.evidence = evidence;
    auto r = in_write_transaction(db(), "test",
                                  [&](SQLite::Database& c) { return append_consent_event(c, e); });
    REQUIRE(r.ok());
    return r.value();
  }
};

}  // namespace

TEST_CASE("appending fills seq, the evidence hash and the chain from the organisation's head") {
  Ledger l;
  CHECK(ledger_head(l.db(), 1).value().seq == 0);
  const auto first = l.append("given", "Formulaire 12");
  CHECK(first.seq == 1);
  CHECK(first.prev_hash == domain::kConsentGenesis);
  CHECK(first.evidence_hash == crypto::blake2b_256_hex("Formulaire 12"));
  CHECK(first.hash == crypto::blake2b_256_hex(domain::consent_hash_input(first)));
  const auto second = l.append("withdrawn");
  CHECK(second.seq == 2);
  CHECK(second.prev_hash == first.hash);
  CHECK(ledger_head(l.db(), 1).value().hash == second.hash);
  auto events = consent_events_of(l.db(), 1, "p1");
  REQUIRE(events.ok());
  REQUIRE(events->size() == 2);
  CHECK(events->at(0).evidence == "Formulaire 12");
  CHECK(events->at(1).decision == "withdrawn");
  CHECK(consent_events_of(l.db(), 1, "someone-else").value().empty());
}

TEST_CASE("the ledger refuses edits and deletions; the evidence, kept beside it, can be erased") {
  Ledger l;
  l.append("given", "Scans/Dupont.pdf");
  l.append("withdrawn");
  // The ledger row itself holds no evidence text, only its hash.
  CHECK(l.db()
            .execAndGet("SELECT count(*) FROM consent_events WHERE instr(evidence_hash || hash || "
                        "member_pseudonym || recorded_by, 'Dupont') > 0")
            .getInt() == 0);
  CHECK(l.db().execAndGet("SELECT count(*) FROM consent_evidence").getInt() == 1);
  CHECK_THROWS(l.db().exec("UPDATE consent_events SET decision = 'refused'"));
  CHECK_THROWS(l.db().exec("UPDATE consent_evidence SET text = 'autre chose'"));
  CHECK_THROWS(l.db().exec("DELETE FROM consent_events"));
  CHECK_THROWS(l.db().exec("UPDATE purpose_versions SET text_fr = 'Non'"));
  l.db().exec("DELETE FROM consent_evidence");  // what an erasure will do
  auto events = consent_events_of(l.db(), 1, "p1").value();
  REQUIRE(events.size() == 2);
  CHECK(events.at(0).evidence.empty());
  CHECK(events.at(0).evidence_hash ==
        crypto::blake2b_256_hex("Scans/Dupont.pdf"));  // still chained
}

TEST_CASE("checkpoints: one per seq, listed in order, latest first found") {
  Ledger l;
  CHECK_FALSE(latest_ledger_checkpoint(l.db(), 1).value().has_value());
  domain::LedgerCheckpoint c;
  c.organization_id = 1;
  c.seq = 0;
  c.head_hash = domain::kConsentGenesis;
  c.signed_at = "2026-11-29T10:00:00.000Z";
  c.public_key = std::string(64, 'b');
  c.signature = std::string(128, 'c');
  REQUIRE(insert_ledger_checkpoint(l.db(), c).ok());
  c.seq = 3;
  REQUIRE(insert_ledger_checkpoint(l.db(), c).ok());
  auto again = insert_ledger_checkpoint(l.db(), c);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().kind == ErrorKind::conflict);
  CHECK(list_ledger_checkpoints(l.db(), 1).value().size() == 2);
  CHECK(latest_ledger_checkpoint(l.db(), 1).value()->seq == 3);
}
