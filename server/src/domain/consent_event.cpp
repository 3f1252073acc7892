#include "domain/consent_event.hpp"

#include <algorithm>
#include <charconv>

#include "domain/hash_input.hpp"

namespace registre::domain {
namespace {

// to_chars into the stack rather than std::to_string: no temporary string per number.
void append_number(std::string& out, std::int64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  append_hash_item(out, std::string_view(digits, std::size_t(end - digits)));
}

}  // namespace

bool is_decision(std::string_view decision) {
  return decision == "given" || decision == "withdrawn" || decision == "refused" ||
         decision == "objected";
}

bool is_channel(std::string_view channel) {
  static constexpr std::string_view channels[] = {"web",  "paper",       "import",
                                                  "form", "public_link", "api"};
  return std::find(std::begin(channels), std::end(channels), channel) != std::end(channels);
}

void write_consent_hash_input(std::string& out, const ConsentEventView& e) {
  out.clear();
  out += "registre-consent-v1\n";
  append_hash_item(out, e.prev_hash);
  append_number(out, e.organization_id);
  append_number(out, e.seq);
  append_hash_item(out, e.at);
  append_hash_item(out, e.member_pseudonym);
  append_number(out, e.purpose_id);
  append_number(out, e.version_id);
  append_hash_item(out, e.text_hash);
  append_hash_item(out, e.decision);
  append_hash_item(out, e.channel);
  append_hash_item(out, e.recorded_by);
  append_hash_item(out, e.evidence_hash);
}

ConsentEventView view_of(const ConsentEvent& e) {
  return {e.id,          e.organization_id,  e.seq,           e.purpose_id, e.version_id,
          e.at,          e.member_pseudonym, e.text_hash,     e.decision,   e.channel,
          e.recorded_by, e.evidence,         e.evidence_hash, e.prev_hash,  e.hash};
}

std::string consent_hash_input(const ConsentEvent& e) {
  std::string out;
  out.reserve(512);  // the fixed parts and the hex hashes come to about 330 bytes
  write_consent_hash_input(out, view_of(e));
  return out;
}

std::string_view to_string(ConsentState state) {
  switch (state) {
    case ConsentState::none:
      return "none";
    case ConsentState::given:
      return "given";
    case ConsentState::to_renew:
      return "to_renew";
    case ConsentState::withdrawn:
      return "withdrawn";
    case ConsentState::refused:
      return "refused";
    case ConsentState::objected:
      return "objected";
  }
  return "none";
}

ConsentState consent_state(const std::optional<ConsentEvent>& latest,
                           std::int64_t latest_version_id, bool consent_based) {
  if (!latest) return ConsentState::none;
  if (latest->decision == "withdrawn") return ConsentState::withdrawn;
  if (latest->decision == "refused") return ConsentState::refused;
  if (latest->decision == "objected") return ConsentState::objected;
  // A consent covers the text it was given to; another basis does not rest on the text agreed.
  if (consent_based && latest->version_id != latest_version_id) return ConsentState::to_renew;
  return ConsentState::given;
}

bool may_object(std::string_view legal_basis) {
  return legal_basis == "legitimate_interest" || legal_basis == "public_task";
}

bool may_process(bool member_restricted, bool purpose_active, std::string_view legal_basis,
                 ConsentState state) {
  if (member_restricted || !purpose_active) return false;
  if (legal_basis == "consent")
    return state == ConsentState::given || state == ConsentState::to_renew;
  // Any other basis holds without the member's agreement, until they object (Art. 21) — or, for
  // decisions recorded before a purpose changed basis, withdrew or refused.
  return state != ConsentState::objected && state != ConsentState::withdrawn &&
         state != ConsentState::refused;
}

std::map<std::int64_t, ConsentEvent> latest_per_purpose(const std::vector<ConsentEvent>& events) {
  std::map<std::int64_t, ConsentEvent> latest;
  for (const auto& e : events) {
    auto it = latest.find(e.purpose_id);
    if (it == latest.end() || e.seq > it->second.seq) latest[e.purpose_id] = e;
  }
  return latest;
}

}  // namespace registre::domain
