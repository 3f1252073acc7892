#include "services/member_erasure.hpp"

#include "services/webhook_events.hpp"

#include "domain/calendar_date.hpp"
#include "domain/member_statistics.hpp"
#include "services/audit.hpp"
#include "services/member_lookup.hpp"
#include "store/audit_store.hpp"
#include "store/member_store.hpp"
#include "store/retention_store.hpp"

namespace registre::services {
namespace {

std::optional<domain::Date> date_of(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return domain::parse_date(*text);
}

Status keep_statistics(SQLite::Database& db, const domain::Member& member,
                       const std::string& today) {
  auto starts = store::membership_starts(db, member.id);
  if (!starts) return std::move(starts).error();
  domain::StatisticsInput in;
  in.birth_date = date_of(member.birth_date);
  in.postcode = member.postcode.value_or("");
  in.country = member.country.value_or("");
  in.admitted_on = date_of(member.admitted_on);
  in.left_on = date_of(member.left_on);
  for (const auto& s : starts.value())
    if (auto d = domain::parse_date(s)) in.membership_starts.push_back(*d);
  return store::insert_member_statistics(db, member.organization_id, domain::statistics_of(in),
                                         today);
}

}  // namespace

Result<MemberErasure> erase_member_here(SQLite::Database& db, store::ErasureBatch& journal,
                                        const RequestInfo& request, const domain::Member& member,
                                        bool anonymise, const std::string& now,
                                        const std::string& today,
                                        const std::vector<std::string>& why) {
  auto erased = erase_member_already_journaled(db, request, member, anonymise, now, today, why);
  if (!erased) return erased;
  store::JournalEntry entry;
  entry.at = now;
  entry.action = anonymise ? "anonymised" : "erased";
  entry.organization_id = member.organization_id;
  entry.member_id = member.id;
  entry.member_number = member.number;
  entry.pseudonym = member.pseudonym;
  journal.add(std::move(entry));
  return erased;
}

Result<MemberErasure> erase_member_already_journaled(
    SQLite::Database& db, const RequestInfo& request, const domain::Member& member, bool anonymise,
    const std::string& now, const std::string& today, const std::vector<std::string>& why) {
  if (anonymise) {
    if (auto s = keep_statistics(db, member, today); !s) return std::move(s).error();
  }
  auto erased = store::erase_member_rows(db, member);
  if (!erased) return std::move(erased).error();
  for (std::int64_t freed : erased->household_freed) {
    auto other = store::get_member(db, member.organization_id, freed);
    if (!other) return std::move(other).error();
    auto audit = store::append_audit_entry(
        db, audit_entry(request, now, "member.updated", member.organization_id,
                        member_subject(other.value()), {"householdId"}));
    if (!audit) return std::move(audit).error();
  }
  // The entry names what was erased and what it answers; the pseudonym is all that is left to
  // tie it to the ledger's events.
  std::vector<std::string> fields = {
      "identity",
      "contact",
      "custom",
      "notes",
      "memberships.anonymised:" + std::to_string(erased->memberships_anonymised),
      "consentEvidence.deleted:" + std::to_string(erased->evidence_deleted)};
  fields.insert(fields.end(), why.begin(), why.end());
  auto audit = store::append_audit_entry(
      db, audit_entry(request, now, anonymise ? "member.anonymised" : "member.erased",
                      member.organization_id, member_subject(member), fields));
  if (!audit) return std::move(audit).error();
  if (auto s = webhook_events::member_erased(db, member.organization_id, member.id, now); !s) {
    return std::move(s).error();
  }
  return MemberErasure{std::move(erased).value(), member.pseudonym};
}

}  // namespace registre::services
