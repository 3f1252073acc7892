#pragma once
// `registre-server verify-ledger`: checks the consent ledgers of a storage directory offline and
// reports, per organisation, whether the chain and its checkpoints hold, naming the first broken
// event. Output names organisations by id and slug only: no personal data.

#include <cstdint>
#include <ostream>
#include <string>

namespace registre {

// Exit status: 0 every ledger intact, 1 one is broken, 2 the check could not run.
// `organization` 0 checks every organisation.
int run_verify_ledger(const std::string& storage_dir, std::int64_t organization, std::ostream& out,
                      std::ostream& err);

}  // namespace registre
