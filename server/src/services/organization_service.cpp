#include "services/organization_service.hpp"

#include <algorithm>

#include "store/audit_store.hpp"
#include "store/organization_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {

Result<std::vector<domain::Organization>> OrganizationService::list_visible(
    const RequestInfo& request) {
  if (!request.roles.has(auth::Role::admin)) return std::vector<domain::Organization>{};
  auto all = list_all(request);
  if (!all) return all;
  auto& list = all.value();
  list.erase(std::remove_if(list.begin(), list.end(), [](const auto& o) { return o.archived; }),
             list.end());
  return all;
}

Result<std::vector<domain::Organization>> OrganizationService::list_all(const RequestInfo&) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::list_organizations(lease->db());
}

Result<domain::Organization> OrganizationService::create(const RequestInfo& request,
                                                         domain::Organization draft) {
  if (auto errors = domain::validate_new_organization(draft); !errors.empty()) {
    Error e = make_error(ErrorKind::invalid, "invalid");
    e.fields = std::move(errors);
    return e;
  }
  draft.created_at = format_utc(clock_.now());
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "creating an organization",
      [&](SQLite::Database& db) -> Result<domain::Organization> {
        auto id = store::insert_organization(db, draft);
        if (!id) return std::move(id).error();
        draft.id = id.value();
        domain::AuditEntry entry;
        entry.organization_id = draft.id;
        entry.at = draft.created_at;
        entry.actor = request.actor.audit_name();
        entry.action = "organization.created";
        entry.subject = "organization:" + std::to_string(draft.id);
        entry.fields = {"slug", "name", "legalForm", "timezone", "currency"};
        entry.request_id = request.request_id;
        auto audit = store::append_audit_entry(db, entry);
        if (!audit) return std::move(audit).error();
        return draft;
      });
}

Result<bool> OrganizationService::seed_demo_if_empty() {
  {
    auto lease = db_.acquire();
    if (!lease) return std::move(lease).error();
    auto count = store::count_organizations(lease->db());
    if (!count) return std::move(count).error();
    if (count.value() > 0) return false;
  }
  domain::Organization demo;
  demo.slug = "demo";
  demo.name = "Association démo — Les Jardins partagés";
  demo.legal_form = "association";
  RequestInfo system;
  system.actor.kind = auth::Actor::Kind::system;
  system.request_id = "seed";
  auto created = create(system, demo);
  if (!created) return std::move(created).error();
  return true;
}

}  // namespace registre::services
