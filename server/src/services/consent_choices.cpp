#include "services/consent_choices.hpp"

#include "services/webhook_events.hpp"
#include "store/consent_store.hpp"
#include "store/purpose_store.hpp"

namespace registre::services {

Result<std::vector<ConsentService::Current>> current_consents(SQLite::Database& db,
                                                              std::int64_t organization_id,
                                                              const domain::Member& member) {
  auto purposes = store::list_purposes(db, organization_id);
  if (!purposes) return std::move(purposes).error();
  auto latest_versions = store::latest_purpose_versions(db, organization_id);
  if (!latest_versions) return std::move(latest_versions).error();
  auto events = store::consent_events_of(db, organization_id, member.pseudonym);
  if (!events) return std::move(events).error();
  const auto latest = domain::latest_per_purpose(events.value());
  std::vector<ConsentService::Current> out;
  for (auto& p : purposes.value()) {
    ConsentService::Current line;
    if (auto it = latest.find(p.id); it != latest.end()) line.latest_event = it->second;
    if (!p.active && !line.latest_event) continue;
    for (const auto& v : latest_versions.value()) {
      if (v.purpose_id == p.id) line.latest_version = v;
    }
    line.state =
        domain::consent_state(line.latest_event, line.latest_version ? line.latest_version->id : 0,
                              p.legal_basis == "consent");
    line.purpose = std::move(p);
    out.push_back(std::move(line));
  }
  return out;
}

Result<domain::ConsentEvent> append_decision(SQLite::Database& db, std::int64_t organization_id,
                                             const domain::Member& member,
                                             const ConsentService::Decision& d,
                                             const std::string& at,
                                             const std::string& recorded_by) {
  auto purpose = store::get_purpose(db, organization_id, d.purpose_id);
  if (!purpose) return invalid_fields({{"purposeId", "unknown-purpose"}});
  if (!purpose->active) return invalid_fields({{"purposeId", "purpose-retired"}});
  if (d.decision == "objected" && !domain::may_object(purpose->legal_basis)) {
    return invalid_fields(
        {{"decision", purpose->legal_basis == "consent" ? "object-by-withdrawing"
                                                        : "no-objection-on-this-basis"}});
  }
  auto versions = store::list_purpose_versions(db, d.purpose_id);
  if (!versions) return std::move(versions).error();
  if (versions->empty()) return invalid_fields({{"purposeId", "no-published-text"}});
  const domain::PurposeVersion* version = &versions->back();
  if (d.version_id) {
    version = nullptr;
    for (const auto& v : versions.value()) {
      if (v.id == *d.version_id) version = &v;
    }
    if (!version) return invalid_fields({{"versionId", "unknown-version"}});
  }
  domain::ConsentEvent event;
  event.organization_id = organization_id;
  event.at = at;
  event.member_pseudonym = member.pseudonym;
  event.purpose_id = purpose->id;
  event.version_id = version->id;
  event.text_hash = version->text_hash;
  event.decision = d.decision;
  event.channel = d.channel;
  event.recorded_by = recorded_by;
  event.evidence = d.evidence;
  auto stored = store::append_consent_event(db, std::move(event));
  if (!stored) return stored;
  // Every decision goes through here (managers, "my membership", public links, forms).
  if (auto s = webhook_events::consent_recorded(db, stored.value(), member.id); !s) {
    return std::move(s).error();
  }
  return stored;
}

std::vector<FieldError> validate_own_decision(const std::string& decision) {
  if (decision == "given" || decision == "withdrawn" || decision == "objected") return {};
  return {{"decision", "own-decision-values"}};
}

Result<ConsentService::Current> record_own_decision(
    SQLite::Database& db, std::int64_t organization_id, const domain::Member& member,
    std::int64_t purpose_id, const std::string& decision, const std::string& channel,
    const std::string& at, const std::string& recorded_by) {
  auto purpose = store::get_purpose(db, organization_id, purpose_id);
  if (!purpose) return invalid_fields({{"purposeId", "unknown-purpose"}});
  // Consent is given or withdrawn; a legitimate interest or a public task is objected to, and
  // "given" then lifts the objection. The other bases leave the member no choice to record.
  const bool consent = purpose->legal_basis == "consent";
  if (!consent && !domain::may_object(purpose->legal_basis)) {
    return invalid_fields({{"purposeId", "not-consent-based"}});
  }
  if (consent && decision == "objected")
    return invalid_fields({{"decision", "object-by-withdrawing"}});
  if (!consent && decision == "withdrawn")
    return invalid_fields({{"decision", "withdraw-by-objecting"}});
  ConsentService::Decision d;
  d.purpose_id = purpose_id;
  d.decision = decision;
  d.channel = channel;
  auto stored = append_decision(db, organization_id, member, d, at, recorded_by);
  if (!stored) return std::move(stored).error();
  auto lines = current_consents(db, organization_id, member);
  if (!lines) return std::move(lines).error();
  for (auto& line : lines.value()) {
    if (line.purpose.id == purpose_id) return std::move(line);
  }
  return make_error(ErrorKind::internal, "internal", "a recorded purpose is missing from the list");
}

}  // namespace registre::services
