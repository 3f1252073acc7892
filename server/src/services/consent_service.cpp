#include "services/consent_service.hpp"

#include "domain/utf8.hpp"
#include "services/audit.hpp"
#include "services/consent_choices.hpp"
#include "services/member_lookup.hpp"
#include "store/audit_store.hpp"
#include "store/consent_store.hpp"
#include "store/member_store.hpp"
#include "store/organization_store.hpp"
#include "store/purpose_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {

Result<domain::ConsentEvent> ConsentService::record(const RequestInfo& request,
                                                    std::int64_t organization_id,
                                                    std::int64_t member_id, const Decision& d) {
  std::vector<FieldError> errors;
  if (!domain::is_decision(d.decision)) errors.push_back({"decision", "decision-values"});
  if (!domain::is_channel(d.channel)) errors.push_back({"channel", "channel-values"});
  if (!domain::utf8_length_within(d.evidence, 0, 500)) errors.push_back({"evidence", "at-most-500-characters"});
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
        auto stored = append_decision(db, organization_id, member.value(), d,
                                      format_utc(clock_.now()), request.actor.audit_name());
        if (!stored) return std::move(stored).error();
        std::vector<std::string> fields = {"purposeId", "versionId", "decision", "channel"};
        if (!d.evidence.empty()) fields.push_back("evidence");
        auto audit = store::append_audit_entry(
            db, audit_entry(request, stored->at, "consent.recorded", organization_id,
                            member_subject(member.value()), fields));
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
        auto out = current_consents(db, organization_id, member.value());
        if (!out) return out;
        auto audit = store::append_audit_entry(
            db, audit_entry(request, format_utc(clock_.now()), "consent.read", organization_id,
                            member_subject(member.value())));
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
                            organization_id, member_subject(member.value())));
        if (!audit) return std::move(audit).error();
        return events;
      });
}

}  // namespace registre::services
