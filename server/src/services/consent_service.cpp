#include "services/consent_service.hpp"

#include "services/audit.hpp"
#include "store/audit_store.hpp"
#include "store/consent_store.hpp"
#include "store/member_store.hpp"
#include "store/organization_store.hpp"
#include "store/purpose_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

std::string subject_of(const domain::Member& m) {
  return "member:" + m.pseudonym;
}

// The member named by the path, in the organisation named by the path. A member of another
// organisation is not found here (404), and the problem names `memberId`.
Result<domain::Member> member_in(SQLite::Database& db, std::int64_t organization_id,
                                 std::int64_t member_id) {
  auto member = store::get_member(db, organization_id, member_id);
  if (!member && member.error().kind == ErrorKind::not_found) {
    Error e = make_error(ErrorKind::not_found, "not-found", "no such member in this organisation");
    e.fields.push_back({"memberId", "not-a-member-here"});
    return e;
  }
  return member;
}

}  // namespace

Result<domain::ConsentEvent> ConsentService::record(const RequestInfo& request,
                                                    std::int64_t organization_id,
                                                    std::int64_t member_id, const Decision& d) {
  std::vector<FieldError> errors;
  if (!domain::is_decision(d.decision)) errors.push_back({"decision", "decision-values"});
  if (!domain::is_channel(d.channel)) errors.push_back({"channel", "channel-values"});
  if (d.evidence.size() > 500) errors.push_back({"evidence", "at-most-500-characters"});
  if (!errors.empty()) return invalid_fields(std::move(errors));

  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "recording a consent",
      [&](SQLite::Database& db) -> Result<domain::ConsentEvent> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto member = member_in(db, organization_id, member_id);
        if (!member) return std::move(member).error();
        auto purpose = store::get_purpose(db, organization_id, d.purpose_id);
        if (!purpose) return invalid_fields({{"purposeId", "unknown-purpose"}});
        if (!purpose->active) return invalid_fields({{"purposeId", "purpose-retired"}});
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
        event.at = format_utc(clock_.now());
        event.member_pseudonym = member->pseudonym;
        event.purpose_id = purpose->id;
        event.version_id = version->id;
        event.text_hash = version->text_hash;
        event.decision = d.decision;
        event.channel = d.channel;
        event.recorded_by = request.actor.audit_name();
        event.evidence = d.evidence;
        auto stored = store::append_consent_event(db, std::move(event));
        if (!stored) return std::move(stored).error();
        std::vector<std::string> fields = {"purposeId", "versionId", "decision", "channel"};
        if (!d.evidence.empty()) fields.push_back("evidence");
        auto audit = store::append_audit_entry(
            db, audit_entry(request, stored->at, "consent.recorded", organization_id,
                            subject_of(member.value()), fields));
        if (!audit) return std::move(audit).error();
        return stored;
      });
}

Result<std::vector<ConsentService::Current>> ConsentService::current(const RequestInfo& request,
                                                                     std::int64_t organization_id,
                                                                     std::int64_t member_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "reading consents", [&](SQLite::Database& db) -> Result<std::vector<Current>> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto member = member_in(db, organization_id, member_id);
        if (!member) return std::move(member).error();
        auto purposes = store::list_purposes(db, organization_id);
        if (!purposes) return std::move(purposes).error();
        auto latest_versions = store::latest_purpose_versions(db, organization_id);
        if (!latest_versions) return std::move(latest_versions).error();
        auto events = store::consent_events_of(db, organization_id, member->pseudonym);
        if (!events) return std::move(events).error();
        const auto latest = domain::latest_per_purpose(events.value());
        std::vector<Current> out;
        for (auto& p : purposes.value()) {
          Current line;
          if (auto it = latest.find(p.id); it != latest.end()) line.latest_event = it->second;
          if (!p.active && !line.latest_event) continue;
          for (const auto& v : latest_versions.value()) {
            if (v.purpose_id == p.id) line.latest_version = v;
          }
          line.state = domain::consent_state(line.latest_event,
                                             line.latest_version ? line.latest_version->id : 0,
                                             p.legal_basis == "consent");
          line.purpose = std::move(p);
          out.push_back(std::move(line));
        }
        auto audit = store::append_audit_entry(
            db, audit_entry(request, format_utc(clock_.now()), "consent.read", organization_id,
                            subject_of(member.value())));
        if (!audit) return std::move(audit).error();
        return out;
      });
}

Result<std::vector<domain::ConsentEvent>> ConsentService::history(const RequestInfo& request,
                                                                  std::int64_t organization_id,
                                                                  std::int64_t member_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "reading consent history",
      [&](SQLite::Database& db) -> Result<std::vector<domain::ConsentEvent>> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto member = member_in(db, organization_id, member_id);
        if (!member) return std::move(member).error();
        auto events = store::consent_events_of(db, organization_id, member->pseudonym);
        if (!events) return std::move(events).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, format_utc(clock_.now()), "consent.history_read",
                            organization_id, subject_of(member.value())));
        if (!audit) return std::move(audit).error();
        return events;
      });
}

}  // namespace registre::services
