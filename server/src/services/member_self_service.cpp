#include "services/member_self_service.hpp"

#include "services/audit.hpp"
#include "store/audit_store.hpp"
#include "store/member_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

struct Self {
  store::OwnMembership membership;
  domain::Member member;
};

Result<Self> self_in(SQLite::Database& db, const RequestInfo& request,
                     std::int64_t organization_id) {
  auto own = store::memberships_of_user(db, request.actor.user_id, organization_id);
  if (!own) return std::move(own).error();
  if (request.actor.user_id.empty() || own->empty()) {
    return make_error(ErrorKind::not_found, "not-found", "you are no member of this organisation");
  }
  auto member = store::get_member(db, organization_id, own->front().member_id);
  if (!member) return std::move(member).error();
  return Self{own->front(), std::move(member).value()};
}

}  // namespace

Result<std::vector<store::OwnMembership>> MemberSelfService::memberships(
    const RequestInfo& request) {
  if (request.actor.user_id.empty()) return std::vector<store::OwnMembership>{};
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_read_transaction(
      lease->db(), "listing own memberships",
      [&](SQLite::Database& db) { return store::memberships_of_user(db, request.actor.user_id); });
}

Result<MemberChoices> MemberSelfService::choices(const RequestInfo& request,
                                                 std::int64_t organization_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  const std::string now = format_utc(clock_.now());
  return store::in_write_transaction(
      lease->db(), "reading own consents", [&](SQLite::Database& db) -> Result<MemberChoices> {
        auto self = self_in(db, request, organization_id);
        if (!self) return std::move(self).error();
        auto lines = current_consents(db, organization_id, self->member);
        if (!lines) return std::move(lines).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, now, "consent.read_own", organization_id,
                            "member:" + self->member.pseudonym));
        if (!audit) return std::move(audit).error();
        MemberChoices choices;
        choices.organization_id = organization_id;
        choices.organization_name = self->membership.organization_name;
        choices.member_id = self->member.id;
        choices.lines = std::move(lines).value();
        return choices;
      });
}

Result<ConsentService::Current> MemberSelfService::decide(const RequestInfo& request,
                                                          std::int64_t organization_id,
                                                          std::int64_t purpose_id,
                                                          const std::string& decision) {
  if (auto errors = validate_own_decision(decision); !errors.empty()) {
    return invalid_fields(std::move(errors));
  }
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  const std::string now = format_utc(clock_.now());
  return store::in_write_transaction(
      lease->db(), "recording own consent",
      [&](SQLite::Database& db) -> Result<ConsentService::Current> {
        auto self = self_in(db, request, organization_id);
        if (!self) return std::move(self).error();
        auto line = record_own_decision(db, organization_id, self->member, purpose_id, decision,
                                        "web", now, request.actor.audit_name());
        if (!line) return line;
        auto audit = store::append_audit_entry(
            db, audit_entry(request, now, "consent.recorded_own", organization_id,
                            "member:" + self->member.pseudonym, {"purposeId", "decision"}));
        if (!audit) return std::move(audit).error();
        return line;
      });
}

}  // namespace registre::services
