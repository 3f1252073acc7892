#include "verify_ledger_command.hpp"

#include <filesystem>

#include "crypto/key_store.hpp"
#include "services/ledger_verification.hpp"
#include "store/organization_store.hpp"
#include "store/read_only_database.hpp"

namespace registre {

namespace {
constexpr int kConsentSchema = 6;  // schema/0006_consents.sql
}

int run_verify_ledger(const std::string& storage_dir, std::int64_t organization, std::ostream& out,
                      std::ostream& err) {
  const std::string path = (std::filesystem::path(storage_dir) / "registre.sqlite3").string();
  auto db = store::open_read_only(path, kConsentSchema);
  if (!db) {
    err << "verify-ledger: " << db.error().detail << "\n";
    return 2;
  }
  crypto::KeyStore keys(storage_dir);
  auto public_key = keys.existing_public_key();
  if (!public_key) {
    err << "verify-ledger: " << public_key.error().detail << "\n";
    return 2;
  }
  auto organizations = store::list_organizations(*db.value());
  if (!organizations) {
    err << "verify-ledger: " << organizations.error().detail << "\n";
    return 2;
  }
  int status = 0;
  bool found = false;
  for (const auto& o : organizations.value()) {
    if (organization != 0 && o.id != organization) continue;
    found = true;
    auto v = services::verify_ledger(*db.value(), o.id, public_key.value());
    if (!v) {
      err << "verify-ledger: organisation " << o.id << ": " << v.error().detail << "\n";
      return 2;
    }
    out << "organisation " << o.id << " (" << o.slug << "): " << v->events_checked << " events, "
        << v->checkpoints_checked << " checkpoints: ";
    if (v->intact()) {
      out << "intact\n";
      continue;
    }
    status = 1;
    out << "BROKEN";
    if (v->first_broken_event_id) {
      out << "; first broken event: id " << *v->first_broken_event_id << " (seq "
          << *v->first_broken_seq << ", " << v->problem << ")";
    }
    if (v->first_bad_checkpoint_id) {
      out << "; first bad checkpoint: id " << *v->first_bad_checkpoint_id << " ("
          << v->checkpoint_problem << ")";
    }
    out << "\n";
  }
  if (!found && organization != 0) {
    err << "verify-ledger: no organisation " << organization << "\n";
    return 2;
  }
  if (!found) out << "no organisation: nothing to verify\n";
  return status;
}

}  // namespace registre
