#pragma once
// Service configuration: the AppAPI environment (NEXTCLOUD.md §3) with command-line overrides.
// Parsing is pure (environment and arguments are passed in) so that it is unit-tested.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/log.hpp"
#include "core/result.hpp"

namespace registre {

// The built front end of the source tree this binary was built from (nextcloud-app/dist); the
// container image and packages set REGISTRE_STATIC_DIR instead.
const char* default_static_dir();

struct Config {
  bool standalone = false;      // no Nextcloud, loopback only, fixed local administrator
  std::string app_id = "registre";
  std::string app_version = REGISTRE_VERSION;
  std::string app_secret;       // only from the environment: never on a command line (ps shows it)
  std::string aa_version;       // informative; sent back to Nextcloud when known
  std::string host = "127.0.0.1";
  int port = 23000;
  std::string nextcloud_url;    // without trailing slash
  std::string storage_dir;      // APP_PERSISTENT_STORAGE: the database lives here
  std::string static_dir = default_static_dir();
  std::string language = "fr";  // default language for texts the server registers in Nextcloud
  std::string local_user = "admin";  // the actor in standalone mode
  int threads = 8;
  std::size_t max_upload_bytes = 50u * 1024 * 1024;  // CSV imports
  std::size_t max_json_bytes = 1u * 1024 * 1024;     // JSON bodies
  log::Level log_level = log::Level::info;
  // Outgoing webhooks: the first retry's delay (doubling after each failure) and the attempts
  // before a delivery is dead.
  int webhook_retry_base_ms = 30'000;
  int webhook_max_attempts = 12;
};

enum class CommandKind {
  serve,
  help,
  version,
  verify_ledger,  // `registre-server verify-ledger`: check the consent ledgers and exit
  backup,         // `registre-server backup`: copy the storage directory while the service runs
  restore,        // `registre-server restore`: put a backup back, the service stopped
};

struct Command {
  CommandKind kind = CommandKind::serve;
  Config config;
  std::int64_t organization = 0;  // verify-ledger --organization: 0 for every organisation
  std::string backup_to;          // backup --to: the directory that receives backups
  std::string restore_from;       // restore --from: one backup's directory
};

using Environment = std::map<std::string, std::string>;

// Reads the environment and the arguments (without argv[0]). Every problem found is reported at
// once, as field errors named after the variable or flag, so an operator fixes them in one go.
Result<Command> parse_command_line(const Environment& env, const std::vector<std::string>& args);

std::string usage_text();

bool is_loopback_host(const std::string& host);

// Collects the process environment (used by main only).
Environment process_environment();

}  // namespace registre
