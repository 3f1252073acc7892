#include "services/ledger_verification.hpp"

#include <array>
#include <map>
#include <string_view>
#include <unordered_map>

#include "crypto/signing.hpp"
#include "crypto/sodium.hpp"
#include "domain/consent_event.hpp"
#include "domain/ledger_checkpoint.hpp"
#include "domain/purpose.hpp"
#include "store/consent_store.hpp"
#include "store/purpose_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {

namespace {

struct VersionCheck {
  std::int64_t purpose_id;
  std::string text_hash;
  bool text_intact;
};

// The checks of each event, in chain order, on views into SQLite's row: the encoding buffer, the
// digest and the previous hash are reused, so a row costs its hash and no allocation.
struct EventChecks {
  LedgerVerification& result;
  const std::unordered_map<std::int64_t, VersionCheck>& version_by_id;
  const std::map<std::int64_t, bool>& wanted_seq;
  std::map<std::int64_t, std::string>& hash_at_seq;
  std::string prev = domain::kConsentGenesis;
  std::string encoding;
  crypto::HexDigest hex{};

  // false when `e` is the first broken event (recorded in `result`): stop there.
  bool operator()(const domain::ConsentEventView& e) {
    ++result.events_checked;
    auto broken = [&](const char* why) {
      result.first_broken_event_id = e.id;
      result.first_broken_seq = e.seq;
      result.problem = why;
      return false;  // stop: later events cannot be trusted more than this one
    };
    if (e.seq != result.events_checked) return broken("sequence");
    if (e.prev_hash != prev) return broken("link");
    domain::write_consent_hash_input(encoding, e);
    if (crypto::blake2b_256_hex_into(encoding, hex) != e.hash) return broken("hash");
    // An erased member's evidence is gone on purpose; otherwise it must be what was chained.
    if (!e.evidence.empty() && crypto::blake2b_256_hex_into(e.evidence, hex) != e.evidence_hash)
      return broken("evidence");
    auto version = version_by_id.find(e.version_id);
    if (version == version_by_id.end() || version->second.purpose_id != e.purpose_id ||
        version->second.text_hash != e.text_hash || !version->second.text_intact) {
      return broken("text");
    }
    if (!wanted_seq.empty() && wanted_seq.count(e.seq)) hash_at_seq[e.seq] = std::string(e.hash);
    prev.assign(e.hash);
    return true;
  }
};

Result<LedgerVerification> verify_snapshot(SQLite::Database& db, std::int64_t organization_id,
                                           const std::string& expected_public_key) {
  LedgerVerification result;
  result.organization_id = organization_id;

  // Texts first: a version whose text no longer hashes to its stored hash is as good as missing.
  auto versions = store::all_purpose_versions(db, organization_id);
  if (!versions) return std::move(versions).error();
  std::unordered_map<std::int64_t, VersionCheck> version_by_id;
  for (const auto& v : versions.value()) {
    const bool intact = crypto::blake2b_256_hex(
                            domain::purpose_text_hash_input(v.text_fr, v.text_en)) == v.text_hash;
    version_by_id[v.id] = {v.purpose_id, v.text_hash, intact};
  }

  auto checkpoints = store::list_ledger_checkpoints(db, organization_id);
  if (!checkpoints) return std::move(checkpoints).error();
  std::map<std::int64_t, std::string> hash_at_seq = {{0, domain::kConsentGenesis}};
  std::map<std::int64_t, bool> wanted_seq;
  for (const auto& c : checkpoints.value())
    wanted_seq[c.seq] = true;

  EventChecks check{result, version_by_id, wanted_seq, hash_at_seq, domain::kConsentGenesis, {},
                    {}};
  // One thread: reading a row out of SQLite and hashing it cost about the same, and a second
  // thread would need a copy of every row (tried: no faster, and two CPUs per request).
  Status walked = store::for_each_consent_event_view(
      db, organization_id, [&](const domain::ConsentEventView& e) { return check(e); });
  if (!walked) return std::move(walked).error();

  // Checkpoints: signed by the key store's key, over the hash the chain really has at their seq.
  const std::int64_t verified_up_to =
      result.first_broken_seq ? *result.first_broken_seq - 1 : result.events_checked;
  for (const auto& c : checkpoints.value()) {
    ++result.checkpoints_checked;
    const char* problem = nullptr;
    if (!crypto::signature_valid(c.public_key, domain::checkpoint_message(c), c.signature)) {
      problem = "signature";
    } else if (!expected_public_key.empty() && c.public_key != expected_public_key) {
      problem = "key";
    } else if (!result.first_broken_seq && c.seq > result.events_checked) {
      problem = "truncated";
    } else if (c.seq <= verified_up_to && hash_at_seq[c.seq] != c.head_hash) {
      problem = "head";
    }
    if (problem) {
      result.first_bad_checkpoint_id = c.id;
      result.checkpoint_problem = problem;
      break;
    }
  }
  return result;
}

}  // namespace

Result<LedgerVerification> verify_ledger(SQLite::Database& db, std::int64_t organization_id,
                                         const std::string& expected_public_key) {
  // One snapshot: a text published and a decision recorded on it while we read must not look
  // like an event pointing at a missing text.
  return store::in_read_transaction(
      db, "verifying the consent ledger", [&](SQLite::Database& snapshot) {
        return verify_snapshot(snapshot, organization_id, expected_public_key);
      });
}

}  // namespace registre::services
