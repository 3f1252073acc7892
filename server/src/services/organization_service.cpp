#include "services/organization_service.hpp"

#include <algorithm>

#include "core/timezone.hpp"
#include "services/audit.hpp"
#include "store/audit_store.hpp"
#include "store/organization_store.hpp"
#include "store/role_grant_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {

Result<std::vector<domain::Organization>> OrganizationService::list_visible(
    const RequestInfo& request) {
  auto all = list_all(request);
  if (!all) return all;
  std::vector<std::int64_t> mine;
  if (!request.roles.has(auth::Role::admin)) {
    auto groups = authorizer_.groups_of(request.actor);
    if (!groups) return std::move(groups).error();
    auto lease = db_.acquire();
    if (!lease) return std::move(lease).error();
    auto ids = store::organizations_of_user(lease->db(), request.actor.user_id, groups.value());
    if (!ids) return std::move(ids).error();
    mine = std::move(ids).value();
  }
  auto& list = all.value();
  const bool admin = request.roles.has(auth::Role::admin);
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const auto& o) {
                              return o.archived || (!admin && std::find(mine.begin(), mine.end(),
                                                                        o.id) == mine.end());
                            }),
             list.end());
  return all;
}

Result<domain::Organization> OrganizationService::get(std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::get_organization(lease->db(), id);
}

Result<domain::Organization> OrganizationService::update(const RequestInfo& request,
                                                         std::int64_t id,
                                                         std::int64_t expected_version,
                                                         const Update& changes) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "updating an organization",
      [&](SQLite::Database& db) -> Result<domain::Organization> {
        auto current = store::get_organization(db, id);
        if (!current) return current;
        domain::Organization o = current.value();
        if (o.version != expected_version) {
          return make_error(ErrorKind::precondition_failed, "precondition-failed",
                            "the organization was changed by someone else; reload it");
        }
        std::vector<std::string> fields;
        if (changes.name && *changes.name != o.name) {
          o.name = *changes.name;
          fields.push_back("name");
        }
        if (changes.archived && *changes.archived != o.archived) {
          o.archived = *changes.archived;
          fields.push_back("archived");
        }
        if (auto errors = domain::validate_new_organization(o); !errors.empty()) {
          return invalid_fields(std::move(errors));
        }
        if (fields.empty()) return o;  // nothing to change: no new version
        o.version += 1;
        const std::string now = format_utc(clock_.now());
        if (auto s = store::update_organization(db, o, now); !s) return std::move(s).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, now, "organization.updated", o.id,
                            "organization:" + std::to_string(o.id), fields));
        if (!audit) return std::move(audit).error();
        return o;
      });
}

Result<std::vector<domain::Organization>> OrganizationService::list_all(const RequestInfo&) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::list_organizations(lease->db());
}

Result<domain::Organization> OrganizationService::create(const RequestInfo& request,
                                                         domain::Organization draft) {
  auto errors = domain::validate_new_organization(draft);
  // The shape is checked by the domain; whether the zone exists, by the system's time-zone data.
  if (errors.empty() && !time_zone(draft.timezone))
    errors.push_back({"timezone", "an IANA time zone such as Europe/Paris"});
  if (!errors.empty()) {
    return invalid_fields(std::move(errors));
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
  const RequestInfo system = system_request("seed");
  auto created = create(system, demo);
  if (!created) return std::move(created).error();
  return true;
}

}  // namespace registre::services
