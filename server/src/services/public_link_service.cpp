#include "services/public_link_service.hpp"

#include "services/member_lookup.hpp"
#include <chrono>

#include "crypto/sodium.hpp"
#include "services/audit.hpp"
#include "store/audit_store.hpp"
#include "store/member_store.hpp"
#include "store/organization_store.hpp"
#include "store/public_link_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

// The one answer for every token that does not open a link, whatever the reason.
Error no_such_link() {
  return make_error(ErrorKind::not_found, "not-found");
}

struct Opened {
  domain::PublicLink link;
  domain::Member member;
  domain::Organization organization;
};

// The link `token` opens at `now`, with its member. The row is found through the token's hash
// (an index lookup: its timing tells nothing about the token), and the hashes are compared again
// in constant time before anything depends on them.
Result<Opened> open_link(SQLite::Database& db, const std::string& token, const std::string& now) {
  if (!domain::is_well_formed_token(token)) return no_such_link();
  const std::string hash = crypto::blake2b_256_hex(token);
  auto found = store::public_link_by_hash(db, hash);
  if (!found) return std::move(found).error();
  const std::optional<domain::PublicLink>& link = found.value();
  if (!link || !crypto::secrets_equal(hash, link->token_hash) || !domain::is_usable(*link, now)) {
    return no_such_link();
  }
  Opened opened{*link, {}, {}};
  auto member = store::get_member(db, opened.link.organization_id, opened.link.member_id);
  if (!member) return member.error().kind == ErrorKind::not_found ? no_such_link() : member.error();
  opened.member = std::move(member).value();
  auto org = store::get_organization(db, opened.link.organization_id);
  if (!org) return org.error().kind == ErrorKind::not_found ? no_such_link() : org.error();
  opened.organization = std::move(org).value();
  return opened;
}

// The audit entry of something done through a link: the link, not the anonymous caller, acts.
domain::AuditEntry link_audit(const RequestInfo& request, const std::string& at, std::string action,
                              const Opened& o, std::vector<std::string> fields = {}) {
  auto entry = audit_entry(request, at, std::move(action), o.link.organization_id,
                           member_subject(o.member), std::move(fields));
  entry.actor = "public_link:" + std::to_string(o.link.id);
  return entry;
}

}  // namespace

Result<PublicLinkService::Created> PublicLinkService::create(const RequestInfo& request,
                                                             std::int64_t organization_id,
                                                             std::int64_t member_id,
                                                             std::optional<std::int64_t> days) {
  const std::int64_t lifetime = days.value_or(domain::kDefaultLinkDays);
  if (lifetime < 1 || lifetime > domain::kMaxLinkDays) {
    return invalid_fields({{"expiresInDays", "1-to-365-days"}});
  }
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "creating a public link", [&](SQLite::Database& db) -> Result<Created> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto member = member_in(db, organization_id, member_id);
        if (!member) return std::move(member).error();
        const TimePoint now = clock_.now();
        Created created;
        created.token = crypto::random_hex(domain::kTokenBytes);
        auto& link = created.link;
        link.organization_id = organization_id;
        link.member_id = member_id;
        link.token_hash = crypto::blake2b_256_hex(created.token);
        link.created_at = format_utc(now);
        link.created_by = request.actor.audit_name();
        link.expires_at = format_utc(now + std::chrono::days(lifetime));
        auto id = store::insert_public_link(db, link);
        if (!id) return std::move(id).error();
        link.id = id.value();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, link.created_at, "link.created", organization_id,
                            member_subject(member.value()), {"expiresAt"}));
        if (!audit) return std::move(audit).error();
        return created;
      });
}

Result<std::vector<domain::PublicLink>> PublicLinkService::list(const RequestInfo&,
                                                                std::int64_t organization_id,
                                                                std::int64_t member_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_read_transaction(
      lease->db(), "listing public links",
      [&](SQLite::Database& db) -> Result<std::vector<domain::PublicLink>> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto member = member_in(db, organization_id, member_id);
        if (!member) return std::move(member).error();
        return store::public_links_of(db, organization_id, member_id);
      });
}

Result<domain::PublicLink> PublicLinkService::revoke(const RequestInfo& request,
                                                     std::int64_t organization_id,
                                                     std::int64_t member_id, std::int64_t link_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "revoking a public link",
      [&](SQLite::Database& db) -> Result<domain::PublicLink> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto member = member_in(db, organization_id, member_id);
        if (!member) return std::move(member).error();
        const std::string at = format_utc(clock_.now());
        auto revoked = store::revoke_public_link(db, organization_id, member_id, link_id, at,
                                                 request.actor.audit_name());
        if (!revoked) return revoked;
        auto audit = store::append_audit_entry(
            db,
            audit_entry(request, at, "link.revoked", organization_id, member_subject(member.value())));
        if (!audit) return std::move(audit).error();
        return revoked;
      });
}

Result<MemberChoices> PublicLinkService::open(const RequestInfo& request,
                                              const std::string& token) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  const std::string now = format_utc(clock_.now());
  return store::in_write_transaction(
      lease->db(), "opening a public link", [&](SQLite::Database& db) -> Result<MemberChoices> {
        auto opened = open_link(db, token, now);
        if (!opened) return std::move(opened).error();
        auto lines = current_consents(db, opened->link.organization_id, opened->member);
        if (!lines) return std::move(lines).error();
        auto audit =
            store::append_audit_entry(db, link_audit(request, now, "consent.read", opened.value()));
        if (!audit) return std::move(audit).error();
        MemberChoices choices;
        choices.organization_id = opened->organization.id;
        choices.organization_name = opened->organization.name;
        choices.member_id = opened->member.id;
        choices.expires_at = opened->link.expires_at;
        choices.lines = std::move(lines).value();
        return choices;
      });
}

Result<ConsentService::Current> PublicLinkService::decide(const RequestInfo& request,
                                                          const std::string& token,
                                                          std::int64_t purpose_id,
                                                          const std::string& decision) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  const std::string now = format_utc(clock_.now());
  return store::in_write_transaction(
      lease->db(), "deciding through a public link",
      [&](SQLite::Database& db) -> Result<ConsentService::Current> {
        // The token first: a caller without a valid link learns nothing, not even about its input.
        auto opened = open_link(db, token, now);
        if (!opened) return std::move(opened).error();
        if (auto errors = validate_own_decision(decision); !errors.empty()) {
          return invalid_fields(std::move(errors));
        }
        const std::string by = "public_link:" + std::to_string(opened->link.id);
        auto line = record_own_decision(db, opened->link.organization_id, opened->member,
                                        purpose_id, decision, "public_link", now, by);
        if (!line) return line;
        auto audit =
            store::append_audit_entry(db, link_audit(request, now, "consent.recorded",
                                                     opened.value(), {"purposeId", "decision"}));
        if (!audit) return std::move(audit).error();
        return line;
      });
}

}  // namespace registre::services
