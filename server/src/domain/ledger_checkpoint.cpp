#include "domain/ledger_checkpoint.hpp"

#include "domain/hash_input.hpp"

namespace registre::domain {

std::string checkpoint_message(const LedgerCheckpoint& c) {
  std::string out = "registre-ledger-checkpoint-v1\n";
  append_hash_item(out, std::to_string(c.organization_id));
  append_hash_item(out, std::to_string(c.seq));
  append_hash_item(out, c.head_hash);
  append_hash_item(out, c.signed_at);
  return out;
}

}  // namespace registre::domain
