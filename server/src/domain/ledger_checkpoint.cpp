#include "domain/ledger_checkpoint.hpp"

namespace registre::domain {
namespace {

void append_item(std::string& out, const std::string& value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += '\n';
}

}  // namespace

std::string checkpoint_message(const LedgerCheckpoint& c) {
  std::string out = "registre-ledger-checkpoint-v1\n";
  append_item(out, std::to_string(c.organization_id));
  append_item(out, std::to_string(c.seq));
  append_item(out, c.head_hash);
  append_item(out, c.signed_at);
  return out;
}

}  // namespace registre::domain
