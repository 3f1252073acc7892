#include "ledger_bench.hpp"

#include <SQLiteCpp/Statement.h>
#include <sodium.h>

#include <chrono>
#include <ctime>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "crypto/sodium.hpp"
#include "domain/consent_event.hpp"
#include "domain/purpose.hpp"
#include "services/ledger_verification.hpp"
#include "store/consent_store.hpp"
#include "store/purpose_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::bench {
namespace {

using Seconds = std::chrono::duration<double>;

double cpu_seconds(clockid_t clock) {
  timespec t{};
  ::clock_gettime(clock, &t);
  return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

// CPU time of this thread: the walk and the hash run on the calling thread.
double thread_cpu_seconds() {
  return cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
}

// CPU time of the process: the verifier of a long ledger checks on a second thread. The bench's
// other threads (the Application's jobs and pools) are idle meanwhile.
double process_cpu_seconds() {
  return cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
}

// The columns and order of store::append_consent_event's INSERT.
constexpr const char* kInsertEvent =
    "INSERT INTO consent_events (organization_id, seq, at, member_pseudonym, purpose_id, "
    "version_id, text_hash, decision, channel, recorded_by, evidence_hash, prev_hash, hash) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
constexpr const char* kInsertEvidence =
    "INSERT INTO consent_evidence (event_id, text) VALUES (?,?)";

constexpr std::size_t kPseudonyms = 20000;

// A version events can point to: the ids and the text hash they chain.
struct SeedVersion {
  std::int64_t purpose_id = 0, version_id = 0;
  std::string text_hash;
};

Result<SeedVersion> publish(SQLite::Database& db, std::int64_t purpose_id, const std::string& now,
                            const std::string& text_fr, const std::string& text_en) {
  domain::PurposeVersion v;
  v.purpose_id = purpose_id;
  v.text_fr = text_fr;
  v.text_en = text_en;
  v.text_hash = crypto::blake2b_256_hex(domain::purpose_text_hash_input(text_fr, text_en));
  v.published_at = now;
  v.published_by = "user:admin";
  auto stored = store::insert_purpose_version(db, v);
  if (!stored) return std::move(stored).error();
  return SeedVersion{purpose_id, stored->id, stored->text_hash};
}

// Four consent-based purposes; the newsletter's text was rewritten once.
Result<std::vector<SeedVersion>> seed_purposes(SQLite::Database& db, std::int64_t organization_id,
                                               const std::string& now) {
  const char* keys[][2] = {{"newsletter", "Lettre d'information"},
                           {"droit-image", "Droit à l'image"},
                           {"annuaire", "Annuaire des adhérents"},
                           {"federation", "Transmission à la fédération"}};
  std::vector<SeedVersion> versions;
  for (const auto& [key, title] : keys) {
    domain::Purpose p;
    p.organization_id = organization_id;
    p.key = key;
    p.title = title;
    p.legal_basis = "consent";
    p.created_at = p.updated_at = now;
    auto id = store::insert_purpose(db, p);
    if (!id) return std::move(id).error();
    auto v = publish(db, id.value(), now, std::string("Nous utilisons vos données pour : ") + title,
                     std::string("We use your data for: ") + title);
    if (!v) return std::move(v).error();
    versions.push_back(v.value());
  }
  auto rewritten = publish(db, versions[0].purpose_id, now,
                           "Lettre d'information mensuelle et invitations aux événements",
                           "Monthly newsletter and invitations to events");
  if (!rewritten) return std::move(rewritten).error();
  versions.push_back(rewritten.value());
  return versions;
}

}  // namespace

Result<LedgerSeedReport> seed_ledger(store::Database& db, const Clock& clock,
                                     std::int64_t organization_id, std::size_t events) {
  auto lease = db.acquire();
  if (!lease) return std::move(lease).error();
  SQLite::Database& connection = lease->db();
  const auto started = std::chrono::steady_clock::now();
  // The hash index takes rows in random order: a cache that holds it keeps the seeding from
  // spilling pages to the WAL. Put back afterwards, so that the timed runs use the default.
  const int default_cache = connection.execAndGet("PRAGMA cache_size").getInt();
  connection.exec("PRAGMA cache_size = -262144");
  LedgerSeedReport report;
  const std::string now = format_utc(clock.now());
  auto done = store::in_write_transaction(
      connection, "seeding the ledger", [&](SQLite::Database& tx) -> Status {
        auto versions = seed_purposes(tx, organization_id, now);
        if (!versions) return std::move(versions).error();
        std::vector<std::string> pseudonyms;
        for (std::size_t i = 0; i < kPseudonyms; ++i)
          pseudonyms.push_back(crypto::random_hex(16));
        static constexpr const char* kDecisions[] = {"given", "given", "given", "withdrawn",
                                                     "refused"};
        static constexpr const char* kChannels[] = {"web",  "paper",       "import",
                                                    "form", "public_link", "api"};
        std::mt19937_64 random(42);
        SQLite::Statement insert(tx, kInsertEvent);
        SQLite::Statement evidence(tx, kInsertEvidence);
        // One decision every 30 s, ending now.
        const TimePoint first_at = clock.now() - std::chrono::seconds(30 * events);
        domain::ConsentEvent e;
        e.organization_id = organization_id;
        e.prev_hash = domain::kConsentGenesis;
        for (std::size_t i = 0; i < events; ++i) {
          // The newsletter's first text for the first half of the ledger, its second after.
          std::size_t v = random() % 4;
          if (v == 0 && i >= events / 2) v = 4;
          e.seq = std::int64_t(i + 1);
          e.at = format_utc(first_at + std::chrono::seconds(30 * i));
          e.member_pseudonym = pseudonyms[random() % kPseudonyms];
          e.purpose_id = versions->at(v).purpose_id;
          e.version_id = versions->at(v).version_id;
          e.text_hash = versions->at(v).text_hash;
          e.decision = kDecisions[random() % 5];
          e.channel = kChannels[random() % 6];
          e.recorded_by = e.channel == std::string("public_link")
                              ? "public_link:" + std::to_string(1 + random() % 500)
                              : "user:admin";
          e.evidence = random() % 20 == 0 ? "Registre/Consentements/2026/formulaire-" +
                                                std::to_string(i + 1) + ".pdf"
                                          : "";
          e.evidence_hash = crypto::blake2b_256_hex(e.evidence);
          e.hash = crypto::blake2b_256_hex(domain::consent_hash_input(e));
          int c = 1;
          insert.bind(c++, e.organization_id);
          insert.bind(c++, e.seq);
          insert.bind(c++, e.at);
          insert.bind(c++, e.member_pseudonym);
          insert.bind(c++, e.purpose_id);
          insert.bind(c++, e.version_id);
          insert.bind(c++, e.text_hash);
          insert.bind(c++, e.decision);
          insert.bind(c++, e.channel);
          insert.bind(c++, e.recorded_by);
          insert.bind(c++, e.evidence_hash);
          insert.bind(c++, e.prev_hash);
          insert.bind(c++, e.hash);
          insert.exec();
          insert.reset();
          if (!e.evidence.empty()) {
            evidence.bind(1, tx.getLastInsertRowid());
            evidence.bind(2, e.evidence);
            evidence.exec();
            evidence.reset();
            ++report.with_evidence;
          }
          e.prev_hash = e.hash;
        }
        report.events = events;
        return ok_status();
      });
  connection.exec("PRAGMA cache_size = " + std::to_string(default_cache));
  if (!done) return std::move(done).error();
  report.seconds = Seconds(std::chrono::steady_clock::now() - started).count();
  return report;
}

Result<std::size_t> ledger_length(store::Database& db, std::int64_t organization_id) {
  auto lease = db.acquire();
  if (!lease) return std::move(lease).error();
  auto head = store::ledger_head(lease->db(), organization_id);
  if (!head) return std::move(head).error();
  return std::size_t(head->seq);
}

Result<LedgerTiming> time_ledger_verification(store::Database& db, std::int64_t organization_id,
                                              std::size_t expected_events) {
  auto lease = db.acquire();
  if (!lease) return std::move(lease).error();
  const double cpu_started = process_cpu_seconds();
  const double thread_cpu_started = thread_cpu_seconds();
  const auto started = std::chrono::steady_clock::now();
  auto verified = services::verify_ledger(lease->db(), organization_id, "");
  const double seconds = Seconds(std::chrono::steady_clock::now() - started).count();
  const double cpu = process_cpu_seconds() - cpu_started;
  const double calling_thread_cpu = thread_cpu_seconds() - thread_cpu_started;
  if (!verified) return std::move(verified).error();
  if (!verified->intact() || verified->events_checked != std::int64_t(expected_events)) {
    return make_error(ErrorKind::internal, "bench",
                      "the seeded ledger did not verify: " + verified->problem +
                          verified->checkpoint_problem + " after " +
                          std::to_string(verified->events_checked) + " events");
  }
  LedgerTiming timing;
  timing.seconds = seconds;
  timing.cpu_seconds = cpu;
  timing.calling_thread_cpu_seconds = calling_thread_cpu;
  timing.events = expected_events;
  return timing;
}

Result<LedgerTiming> time_ledger_walk(store::Database& db, std::int64_t organization_id) {
  auto lease = db.acquire();
  if (!lease) return std::move(lease).error();
  LedgerTiming timing;
  const double cpu_started = thread_cpu_seconds();
  const auto started = std::chrono::steady_clock::now();
  auto walked = store::in_read_transaction(lease->db(), "walking", [&](SQLite::Database& tx) {
    return store::for_each_consent_event_view(tx, organization_id, [&](const domain::ConsentEventView&) {
      ++timing.events;
      return true;
    });
  });
  timing.seconds = Seconds(std::chrono::steady_clock::now() - started).count();
  timing.cpu_seconds = thread_cpu_seconds() - cpu_started;
  if (!walked) return std::move(walked).error();
  return timing;
}

Result<LedgerTiming> time_raw_hashing(store::Database& db, std::int64_t organization_id) {
  auto lease = db.acquire();
  if (!lease) return std::move(lease).error();
  std::string bytes;
  std::vector<std::pair<std::size_t, std::size_t>> pieces;  // offset, length
  LedgerTiming timing;
  auto read = store::for_each_consent_event(
      lease->db(), organization_id, [&](const domain::ConsentEvent& e) {
        ++timing.events;
        const std::string input = domain::consent_hash_input(e);
        pieces.emplace_back(bytes.size(), input.size());
        bytes += input;
        if (!e.evidence.empty()) {
          pieces.emplace_back(bytes.size(), e.evidence.size());
          bytes += e.evidence;
        }
        return true;
      });
  if (!read) return std::move(read).error();
  timing.bytes = bytes.size();
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  unsigned char hash[32];
  unsigned char folded = 0;  // a use of every hash, so none of them can be skipped
  const double cpu_started = thread_cpu_seconds();
  const auto started = std::chrono::steady_clock::now();
  for (const auto& [offset, length] : pieces) {
    crypto_generichash(hash, sizeof hash, data + offset, length, nullptr, 0);
    folded ^= hash[0];
  }
  timing.seconds = Seconds(std::chrono::steady_clock::now() - started).count();
  timing.cpu_seconds = thread_cpu_seconds() - cpu_started;
  if (folded == 0 && pieces.empty()) return make_error(ErrorKind::internal, "bench", "no events");
  return timing;
}

}  // namespace registre::bench
