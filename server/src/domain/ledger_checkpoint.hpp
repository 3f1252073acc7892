#pragma once
// Signed checkpoints of a consent ledger's head. Pure: no I/O, no other layer.

#include <cstdint>
#include <string>

namespace registre::domain {

struct LedgerCheckpoint {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::int64_t seq = 0;    // the checkpoint covers events 1..seq
  std::string head_hash;   // hash of event `seq` (kConsentGenesis when seq is 0)
  std::string signed_at;   // RFC 3339 UTC
  std::string public_key;  // Ed25519, hex
  std::string signature;   // Ed25519 detached signature of checkpoint_message, hex
};

// The message signed (Ed25519) for a checkpoint:
//   "registre-ledger-checkpoint-v1\n", then organization_id, seq, head_hash and signed_at, each
//   as "<decimal byte length>:<bytes>\n".
// Anyone with the exported public key can check a checkpoint with any Ed25519 library.
std::string checkpoint_message(const LedgerCheckpoint& checkpoint);

}  // namespace registre::domain
