#pragma once
// The text the audit chain, the consent ledger, its checkpoints and the purpose versions hash:
// each item written as "<byte length>:<bytes>\n", so that no two sequences of items give the
// same text (an item may contain ':' or '\n'). Changing this format breaks every stored chain.

#include <string>
#include <string_view>

namespace registre::domain {

void append_hash_item(std::string& out, std::string_view item);

}  // namespace registre::domain
