#pragma once
// `registre-server backup` and `registre-server restore`: the operator's side of
// services/backup_service.hpp and services/restore_service.hpp. Output names files, counts and
// ids only: no personal data.

#include <ostream>
#include <string>

#include "core/clock.hpp"

namespace registre {

// Exit status: 0 the backup is written, 1 it failed (no partial backup is left).
int run_backup(const std::string& storage_dir, const std::string& target_dir, const Clock& clock,
               std::ostream& out, std::ostream& err);

// Exit status: 0 restored, 1 refused or failed before anything changed (a damaged or altered
// backup, the service running, a damaged erasure journal), 3 failed while files were being
// swapped (the message lists what was set aside).
int run_restore(const std::string& storage_dir, const std::string& backup_dir, const Clock& clock,
                std::ostream& out, std::ostream& err);

}  // namespace registre
