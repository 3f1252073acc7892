#include "services/access_package_service.hpp"

#include "services/audit.hpp"
#include "services/member_lookup.hpp"
#include "store/consent_store.hpp"
#include "store/field_definition_store.hpp"
#include "store/member_store.hpp"
#include "store/organization_store.hpp"
#include "store/public_link_store.hpp"
#include "store/purpose_store.hpp"
#include "store/subject_request_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

// Moves a store result into `out`, or returns its error from the enclosing function.
#define REGISTRE_TAKE(out, expression)             \
  do {                                             \
    auto taken_ = (expression);                    \
    if (!taken_) return std::move(taken_).error(); \
    (out) = std::move(taken_).value();             \
  } while (false)

Result<domain::Member> own_member(SQLite::Database& db, const RequestInfo& request,
                                  std::int64_t organization_id) {
  auto own = store::memberships_of_user(db, request.actor.user_id, organization_id);
  if (!own) return std::move(own).error();
  if (request.actor.user_id.empty() || own->empty()) {
    return make_error(ErrorKind::not_found, "not-found", "you are no member of this organisation");
  }
  return store::get_member(db, organization_id, own->front().member_id);
}

// Everything but the member itself, read with the member's keys; sealed values opened (the
// package is the data subject's right: sensitive values included).
Status gather_parts(SQLite::Database& db, SensitiveValues& sensitive, AccessPackage& p) {
  const auto org = p.member.organization_id;
  REGISTRE_TAKE(p.organization, store::get_organization(db, org));
  if (p.member.household_id) {
    domain::Member household;
    REGISTRE_TAKE(household, store::get_member(db, org, *p.member.household_id));
    p.household_number = household.number;
  }
  if (auto opened = sensitive.open(p.member); !opened) return opened;
  p.custom_values = custom_values_of(p.member);
  REGISTRE_TAKE(p.fields, store::list_field_definitions(db, org));
  REGISTRE_TAKE(p.memberships, store::memberships_of(db, p.member.id));
  REGISTRE_TAKE(p.membership_types, store::list_membership_types(db, org));
  REGISTRE_TAKE(p.consents, store::consent_events_of(db, org, p.member.pseudonym));
  REGISTRE_TAKE(p.purposes, store::list_purposes(db, org));
  REGISTRE_TAKE(p.purpose_versions, store::all_purpose_versions(db, org));
  REGISTRE_TAKE(p.requests, store::subject_requests_of(db, org, p.member.id));
  REGISTRE_TAKE(p.access_log, store::audit_entries_about(db, org, member_subject(p.member)));
  REGISTRE_TAKE(p.imports, store::import_provenance_of(db, org, p.member.id));
  REGISTRE_TAKE(p.public_links, store::public_links_of(db, org, p.member.id));
  for (auto& link : p.public_links)
    link.token_hash.clear();  // not the member's data, and a key
  return ok_status();
}

#undef REGISTRE_TAKE

}  // namespace

const std::vector<std::string>& access_package_parts() {
  static const std::vector<std::string> parts = {"member",   "customFields", "memberships",
                                                 "consents", "requests",     "accessLog",
                                                 "imports",  "publicLinks",  "household"};
  return parts;
}

nlohmann::json custom_values_of(const domain::Member& member) {
  auto values = nlohmann::json::parse(member.custom, nullptr, false);
  return values.is_object() ? values : nlohmann::json::object();
}

Result<AccessPackage> AccessPackageService::for_member(const RequestInfo& request,
                                                       std::int64_t organization_id,
                                                       std::int64_t member_id) {
  return gather_and_audit(request, organization_id, member_id, "member.package_exported");
}

Result<AccessPackage> AccessPackageService::own(const RequestInfo& request,
                                                std::int64_t organization_id) {
  return gather_and_audit(request, organization_id, std::nullopt, "member.package_exported_own");
}

Result<AccessPackage> AccessPackageService::gather_and_audit(const RequestInfo& request,
                                                             std::int64_t organization_id,
                                                             std::optional<std::int64_t> member_id,
                                                             const std::string& action) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto package = store::in_read_transaction(
      lease->db(), "gathering an access package",
      [&](SQLite::Database& db) -> Result<AccessPackage> {
        AccessPackage p;
        auto member = member_id ? member_in(db, organization_id, *member_id)
                                : own_member(db, request, organization_id);
        if (!member) return std::move(member).error();
        p.member = std::move(member).value();
        if (auto parts = gather_parts(db, sensitive_, p); !parts) return std::move(parts).error();
        return p;
      });
  if (!package) return package;
  package->generated_at = format_utc(clock_.now());
  // The entry is committed before the package leaves; it is not in the package it audits.
  auto audit = read_audit_.append(
      lease->db(), audit_entry(request, package->generated_at, action, organization_id,
                               member_subject(package->member), access_package_parts()));
  if (!audit) return std::move(audit).error();
  return package;
}

}  // namespace registre::services
