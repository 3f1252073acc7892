#pragma once
// Consent events (the ledger) and what they mean: the hashed encoding of an event, and a member's
// current consent per purpose. Pure: no I/O, no other layer.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace registre::domain {

struct ConsentEvent {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::int64_t seq = 0;          // position in the organisation's chain, from 1
  std::string at;                // RFC 3339 UTC, from the service's clock
  std::string member_pseudonym;  // members.pseudonym: no name, e-mail or number in the ledger
  std::int64_t purpose_id = 0;
  std::int64_t version_id = 0;
  std::string text_hash;      // the agreed version's text hash (domain/purpose.hpp)
  std::string decision;       // given, withdrawn, refused, objected
  std::string channel;        // web, paper, import, form, public_link, api
  std::string recorded_by;    // actor's audit name, e.g. "user:alice"
  std::string evidence;       // e.g. a Files path; kept beside the ledger, deleted on erasure
  std::string evidence_hash;  // BLAKE2b-256 of evidence, hex: what the chain covers
  std::string prev_hash;
  std::string hash;
};

// prev_hash of an organisation's first event.
inline constexpr const char* kConsentGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

bool is_decision(std::string_view decision);
bool is_channel(std::string_view channel);

// THE CANONICAL ENCODING of a consent event: the bytes hashed (BLAKE2b-256, hex) into `hash`.
//   "registre-consent-v1\n", then each of
//     prev_hash, organization_id, seq, at, member_pseudonym, purpose_id, version_id, text_hash,
//     decision, channel, recorded_by, evidence_hash
//   as "<decimal byte length>:<bytes>\n" (integers in decimal, no sign or leading zeros).
// Length prefixes make it unambiguous whatever the values contain. The evidence enters through
// its hash only (its text, which may name the person, is stored outside the ledger and deleted
// on erasure), so nothing chained names a person and erasing leaves the chain verifiable. Changing
// this encoding needs a new version tag (and the verifier must keep reading v1).
std::string consent_hash_input(const ConsentEvent& event);

// The same event seen without copies (the verifier walks a million rows straight out of SQLite).
struct ConsentEventView {
  std::int64_t id = 0, organization_id = 0, seq = 0, purpose_id = 0, version_id = 0;
  std::string_view at, member_pseudonym, text_hash, decision, channel, recorded_by, evidence,
      evidence_hash, prev_hash, hash;
};
ConsentEventView view_of(const ConsentEvent& event);

// Writes the canonical encoding of `event` into `out` (cleared first): its capacity is reused.
void write_consent_hash_input(std::string& out, const ConsentEventView& event);

// What a member's latest decision on a purpose means today.
enum class ConsentState {
  none,      // never asked
  given,     // given to the purpose's latest version
  to_renew,  // given to an older version of a consent-based purpose: ask again
  withdrawn,
  refused,
  objected,  // GDPR Art. 21: the member objects to a processing based on a legitimate interest or a public task
};
std::string_view to_string(ConsentState state);

// REQUIRES: `latest` is the member's latest event on the purpose, if any.
ConsentState consent_state(const std::optional<ConsentEvent>& latest,
                           std::int64_t latest_version_id, bool consent_based);

// GDPR Art. 21(1): a member may object to a processing based on a legitimate interest or a
// public task. (For consent, the same wish is a withdrawal.)
bool may_object(std::string_view legal_basis);

// THE ONE RULE for whether a member's data may be used for a purpose today: by the mailing list
// of the purpose, and by every later use (webhooks, group sync). Never for a restricted member
// (Art. 18) or a retired purpose; for a consent-based purpose, only with a consent given (to the
// current text, or to an older one not yet renewed: consent to the earlier text still stands
// until it is withdrawn); for the other bases, unless the member objected (enforced exactly as a
// withdrawal).
bool may_process(bool member_restricted, bool purpose_active, std::string_view legal_basis, ConsentState state);

// The latest event per purpose among `events` (any order): the current consents.
std::map<std::int64_t, ConsentEvent> latest_per_purpose(const std::vector<ConsentEvent>& events);

}  // namespace registre::domain
