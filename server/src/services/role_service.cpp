#include "services/role_service.hpp"
#include "domain/utf8.hpp"

#include "services/audit.hpp"
#include "store/audit_store.hpp"
#include "store/organization_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {

Result<std::vector<store::RoleGrant>> RoleService::list(const RequestInfo&, std::int64_t organization_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto org = store::get_organization(lease->db(), organization_id);
  if (!org) return std::move(org).error();
  return store::list_role_grants(lease->db(), organization_id);
}

Result<store::RoleGrant> RoleService::grant(const RequestInfo& request, store::RoleGrant draft) {
  std::vector<FieldError> errors;
  if (draft.principal_type != "user" && draft.principal_type != "group") {
    errors.push_back({"principalType", "user or group"});
  }
  bool printable = domain::utf8_length_within(draft.principal_id, 1, 255);
  for (unsigned char ch : draft.principal_id) printable = printable && ch >= 0x20 && ch != 0x7f;
  if (!printable) errors.push_back({"principalId", "a Nextcloud user or group id (1 to 255 characters)"});
  if (draft.role != "manager" && draft.role != "treasurer" && draft.role != "viewer") {
    errors.push_back({"role", "manager, treasurer or viewer"});
  }
  if (!errors.empty()) {
    return invalid_fields(std::move(errors));
  }
  draft.granted_at = format_utc(clock_.now());
  draft.granted_by = request.actor.audit_name();
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(lease->db(), "granting a role", [&](SQLite::Database& db) -> Result<store::RoleGrant> {
    auto org = store::get_organization(db, draft.organization_id);
    if (!org) return std::move(org).error();
    auto id = store::insert_role_grant(db, draft);
    if (!id) {
      if (id.error().kind == ErrorKind::conflict) {
        return make_error(ErrorKind::conflict, "conflict", "this role is already granted");
      }
      return std::move(id).error();
    }
    draft.id = id.value();
    // The principal is a Nextcloud account or group id: an identifier of staff, not a member.
    auto audit = store::append_audit_entry(
        db, audit_entry(request, draft.granted_at, "role.granted", draft.organization_id,
                        "role-grant:" + std::to_string(draft.id), {"principalType", "principalId", "role"}));
    if (!audit) return std::move(audit).error();
    return draft;
  });
}

Status RoleService::revoke(const RequestInfo& request, std::int64_t organization_id, std::int64_t grant_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(lease->db(), "revoking a role", [&](SQLite::Database& db) -> Status {
    auto removed = store::delete_role_grant(db, organization_id, grant_id);
    if (!removed) return std::move(removed).error();
    auto audit = store::append_audit_entry(
        db, audit_entry(request, format_utc(clock_.now()), "role.revoked", organization_id,
                        "role-grant:" + std::to_string(grant_id)));
    if (!audit) return std::move(audit).error();
    return ok_status();
  });
}

}  // namespace registre::services
