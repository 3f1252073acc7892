#include "services/processing_register_service.hpp"

#include "store/organization_store.hpp"
#include "store/purpose_store.hpp"
#include "store/retention_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {

// Not audited: the register holds no member's data, only what the (unaudited) list of purposes
// shows, and the audit log records who saw or changed personal data.
Result<domain::ProcessingRegister> ProcessingRegisterService::build(std::int64_t organization_id,
                                                                    const std::string& language) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto input = store::in_read_transaction(
      lease->db(), "reading the register of processing activities",
      [&](SQLite::Database& db) -> Result<domain::ProcessingRegisterInput> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto purposes = store::list_purposes(db, organization_id);
        if (!purposes) return std::move(purposes).error();
        domain::ProcessingRegisterInput in;
        in.organization = std::move(org).value();
        in.purposes = std::move(purposes).value();
        // Enabled retention rules apply to the whole register, so to every purpose's sheet,
        // after the purpose's own retention sentence. Organisations record no data protection
        // officer yet: the register says "not designated".
        auto rules = store::list_retention_rules(db, organization_id);
        if (!rules) return std::move(rules).error();
        for (const auto& rule : rules.value()) {
          if (rule.enabled) in.retention_rules.push_back({std::nullopt, rule.description});
        }
        return in;
      });
  if (!input) return std::move(input).error();
  input->generated_at = format_utc(clock_.now());
  return domain::build_processing_register(input.value(), language);
}

}  // namespace registre::services
