#include "services/register_service.hpp"

#include "services/audit.hpp"
#include "store/field_definition_store.hpp"
#include "store/member_store.hpp"
#include "store/organization_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {

Result<RegisterService::Export> RegisterService::export_members(const RequestInfo& request,
                                                                std::int64_t organization_id,
                                                                const ExportRequest& what) {
  if (what.include_sensitive && !may_read_sensitive(request)) {
    return make_error(ErrorKind::forbidden, "forbidden", "only managers may export sensitive data");
  }
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "exporting members", [&](SQLite::Database& db) -> Result<Export> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto definitions = store::list_field_definitions(db, organization_id);
        if (!definitions) return std::move(definitions).error();
        Export result;
        std::vector<std::string> withheld;
        for (auto& d : definitions.value()) {
          if (d.classification == "sensitive" && !what.include_sensitive)
            withheld.push_back(d.key);
          else
            result.fields.push_back(std::move(d));
        }
        store::MemberQuery query;
        query.organization_id = organization_id;
        auto used = apply_member_filter(db, organization_id, what.filter,
                                        may_read_sensitive(request), clock_, query);
        if (!used) return std::move(used).error();
        query.limit = 10'000;
        std::vector<domain::Member>& out = result.members;
        for (;;) {  // page through the keyset so memory stays bounded by the result, not by a copy
          auto page = store::list_members(db, query);
          if (!page) return std::move(page).error();
          for (auto& m : page->items) {
            if (m.restricted && !what.include_restricted) continue;
            if (what.include_sensitive) {
              if (auto opened = sensitive_.open(m); !opened) return std::move(opened).error();
            } else {
              m.notes.clear();
              m.sealed.clear();         // sensitive values stay sealed in the register
              if (!withheld.empty()) {  // values stored before sealing existed, if any
                auto values = nlohmann::json::parse(m.custom, nullptr, false);
                for (const auto& key : withheld)
                  values.erase(key);
                m.custom = values.dump();
              }
            }
            out.push_back(std::move(m));
          }
          if (!page->next) break;
          query.after = page->next;
        }
        std::vector<std::string> fields = {"count:" + std::to_string(out.size())};
        fields.insert(fields.end(), used->begin(), used->end());
        if (what.include_sensitive) fields.push_back("sensitive");
        if (what.include_restricted) fields.push_back("restricted");
        auto audit = store::append_audit_entry(
            db, audit_entry(request, format_utc(clock_.now()), "members.exported", organization_id,
                            "organization:" + std::to_string(organization_id), fields));
        if (!audit) return std::move(audit).error();
        return result;
      });
}

Result<std::vector<store::StoredAuditEntry>> RegisterService::audit_entries(
    std::int64_t organization_id, const std::string& action, std::optional<std::int64_t> before,
    std::size_t limit) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto org = store::get_organization(lease->db(), organization_id);
  if (!org) return std::move(org).error();
  return store::list_audit_entries(lease->db(), organization_id, action, before, limit);
}

Result<store::AuditVerification> RegisterService::verify_audit() {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::verify_audit_chain(lease->db());
}

}  // namespace registre::services
