#include "services/ledger_service.hpp"

#include "services/audit.hpp"
#include "store/audit_store.hpp"
#include "store/consent_store.hpp"
#include "store/organization_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {

Result<LedgerVerification> LedgerService::verify(std::int64_t organization_id) {
  auto public_key = keys_.existing_public_key();
  if (!public_key) return std::move(public_key).error();
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto org = store::get_organization(lease->db(), organization_id);
  if (!org) return std::move(org).error();
  return verify_ledger(lease->db(), organization_id, public_key.value());
}

Result<LedgerService::Signed> LedgerService::checkpoint(const RequestInfo& request,
                                                        std::int64_t organization_id) {
  // The key first, outside the transaction: creating it writes a file.
  auto key = keys_.ledger_signing_key();
  if (!key) return std::move(key).error();
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "signing a ledger checkpoint", [&](SQLite::Database& db) -> Result<Signed> {
        auto org = store::get_organization(db, organization_id);
        if (!org) return std::move(org).error();
        auto head = store::ledger_head(db, organization_id);
        if (!head) return std::move(head).error();
        auto latest = store::latest_ledger_checkpoint(db, organization_id);
        if (!latest) return std::move(latest).error();
        if (latest.value() && latest.value()->seq == head->seq)
          return Signed{*latest.value(), false};
        domain::LedgerCheckpoint c;
        c.organization_id = organization_id;
        c.seq = head->seq;
        c.head_hash = head->hash;
        c.signed_at = format_utc(clock_.now());
        c.public_key = key->public_key_hex();
        c.signature = key->sign_hex(domain::checkpoint_message(c));
        auto id = store::insert_ledger_checkpoint(db, c);
        if (!id) return std::move(id).error();
        c.id = id.value();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, c.signed_at, "ledger.checkpoint_signed", organization_id,
                            "ledger-checkpoint:" + std::to_string(c.id)));
        if (!audit) return std::move(audit).error();
        return Signed{c, true};
      });
}

Result<std::size_t> LedgerService::checkpoint_all() {
  std::vector<std::int64_t> ids;
  {
    auto lease = db_.acquire();
    if (!lease) return std::move(lease).error();
    auto orgs = store::list_organizations(lease->db());
    if (!orgs) return std::move(orgs).error();
    for (const auto& o : orgs.value())
      ids.push_back(o.id);
  }
  const RequestInfo system = system_request();
  std::size_t signed_count = 0;
  for (std::int64_t id : ids) {
    std::int64_t head_seq = 0;
    {  // the connection goes back to the pool before checkpoint() borrows one
      auto lease = db_.acquire();
      if (!lease) return std::move(lease).error();
      auto head = store::ledger_head(lease->db(), id);
      if (!head) return std::move(head).error();
      head_seq = head->seq;
    }
    if (head_seq == 0) continue;  // nothing to vouch for yet
    auto done = checkpoint(system, id);
    if (!done) return std::move(done).error();
    if (done->created) ++signed_count;
  }
  return signed_count;
}

Result<LedgerService::Export> LedgerService::checkpoints(std::int64_t organization_id) {
  auto public_key = keys_.existing_public_key();
  if (!public_key) return std::move(public_key).error();
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto org = store::get_organization(lease->db(), organization_id);
  if (!org) return std::move(org).error();
  auto list = store::list_ledger_checkpoints(lease->db(), organization_id);
  if (!list) return std::move(list).error();
  return Export{public_key.value(), std::move(list).value()};
}

}  // namespace registre::services
