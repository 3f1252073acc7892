#pragma once
// The consent ledger's integrity: verification, and checkpoints of its head signed with the key
// store's Ed25519 key (periodically by a job, or on demand before an export).

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "crypto/key_store.hpp"
#include "domain/ledger_checkpoint.hpp"
#include "services/ledger_verification.hpp"
#include "services/request_info.hpp"
#include "store/database.hpp"

namespace registre::services {

class LedgerService {
 public:
  LedgerService(store::Database& db, const Clock& clock, crypto::KeyStore& keys)
      : db_(db), clock_(clock), keys_(keys) {}

  Result<LedgerVerification> verify(std::int64_t organization_id);

  struct Signed {
    domain::LedgerCheckpoint checkpoint;
    bool created = false;  // false: the head had not moved since the latest checkpoint
  };
  // Signs the current head, unless the latest checkpoint already covers it. Audited.
  Result<Signed> checkpoint(const RequestInfo& request, std::int64_t organization_id);
  // The job: a checkpoint for every organisation whose ledger moved. Returns how many were signed.
  Result<std::size_t> checkpoint_all();

  struct Export {
    std::string public_key;  // the key store's, hex ("" when no checkpoint was ever signed)
    std::vector<domain::LedgerCheckpoint> checkpoints;
  };
  Result<Export> checkpoints(std::int64_t organization_id);

 private:
  store::Database& db_;
  const Clock& clock_;
  crypto::KeyStore& keys_;
};

}  // namespace registre::services
