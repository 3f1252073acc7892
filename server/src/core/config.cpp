#include "core/config.hpp"

#include <algorithm>
#include <charconv>
#include <regex>
#include <thread>

extern char** environ;

namespace registre {

// Defined for this file only (server/CMakeLists.txt): an absolute path in a definition every file
// sees would make each checkout's objects different, so ccache could never share them.
const char* default_static_dir() {
  return REGISTRE_DEFAULT_STATIC_DIR;
}

namespace {

// Flags that take a value, mapped to the environment variable they override (if any).
struct FlagSpec {
  const char* flag;
  const char* env;
};
constexpr FlagSpec kValueFlags[] = {
    {"--app-id", "APP_ID"},       {"--app-version", "APP_VERSION"},
    {"--host", "APP_HOST"},       {"--port", "APP_PORT"},
    {"--nextcloud-url", "NEXTCLOUD_URL"},
    {"--storage", "APP_PERSISTENT_STORAGE"},
    {"--static-dir", "REGISTRE_STATIC_DIR"},
    {"--threads", "REGISTRE_THREADS"},
    {"--log-level", "REGISTRE_LOG_LEVEL"},
    {"--language", "REGISTRE_LANGUAGE"},
    {"--max-upload-bytes", "REGISTRE_MAX_UPLOAD_BYTES"},
    {"--local-user", "REGISTRE_LOCAL_USER"},
    {"--webhook-retry-base-ms", "REGISTRE_WEBHOOK_RETRY_BASE_MS"},
    {"--webhook-max-attempts", "REGISTRE_WEBHOOK_MAX_ATTEMPTS"},
};

bool parse_int(const std::string& text, long long min, long long max, long long& out) {
  long long value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value < min || value > max) return false;
  out = value;
  return true;
}

std::string lookup(const Environment& values, const char* key) {
  auto it = values.find(key);
  return it == values.end() ? std::string() : it->second;
}

// The offline commands: `verify-ledger [--storage DIR] [--organization ID]`,
// `backup [--storage DIR] --to DIR` and `restore [--storage DIR] --from DIR`. They need only the
// storage directory, not the AppAPI settings.
Result<Command> parse_storage_command(CommandKind kind, const Environment& env,
                                      const std::vector<std::string>& args) {
  Command command;
  command.kind = kind;
  std::vector<FieldError> errors;
  std::string storage = lookup(env, "APP_PERSISTENT_STORAGE");
  // The flags of this command, besides --storage.
  std::vector<std::string> flags = {"--storage"};
  if (kind == CommandKind::verify_ledger) flags.push_back("--organization");
  if (kind == CommandKind::backup) flags.push_back("--to");
  if (kind == CommandKind::restore) flags.push_back("--from");
  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string name = args[i], value;
    if (name == "--help" || name == "-h") {
      command.kind = CommandKind::help;
      return command;
    }
    if (auto eq = name.find('='); name.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (std::find(flags.begin(), flags.end(), name) != flags.end()) {
      if (i + 1 >= args.size()) {
        errors.push_back({name, "needs a value"});
        continue;
      }
      value = args[++i];
    }
    if (std::find(flags.begin(), flags.end(), name) == flags.end()) {
      errors.push_back({args[i], "unknown option of " + args[0] + " (see --help)"});
    } else if (name == "--storage") {
      storage = value;
    } else if (name == "--organization") {
      long long id = 0;
      if (parse_int(value, 1, INT64_MAX, id)) command.organization = id;
      else errors.push_back({name, "must be an organisation id (a whole number from 1)"});
    } else if (value.empty()) {
      errors.push_back({name, "needs a directory"});
    } else if (name == "--to") {
      command.backup_to = value;
    } else {
      command.restore_from = value;
    }
  }
  if (storage.empty()) errors.push_back({"APP_PERSISTENT_STORAGE", "is required (or --storage DIR)"});
  if (kind == CommandKind::backup && command.backup_to.empty())
    errors.push_back({"--to", "is required: the directory that receives the backups"});
  if (kind == CommandKind::restore && command.restore_from.empty())
    errors.push_back({"--from", "is required: the backup's directory (registre-backup-...)"});
  command.config.storage_dir = storage;
  if (!errors.empty()) {
    Error e = make_error(ErrorKind::invalid, "invalid-configuration", "the command line has errors; see --help");
    e.fields = std::move(errors);
    return e;
  }
  return command;
}

}  // namespace

bool is_loopback_host(const std::string& host) {
  static const std::regex ipv4_loopback(R"(^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$)");
  return host == "localhost" || host == "::1" || std::regex_match(host, ipv4_loopback);
}

Environment process_environment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

Result<Command> parse_command_line(const Environment& env, const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "verify-ledger")
    return parse_storage_command(CommandKind::verify_ledger, env, args);
  if (!args.empty() && args[0] == "backup")
    return parse_storage_command(CommandKind::backup, env, args);
  if (!args.empty() && args[0] == "restore")
    return parse_storage_command(CommandKind::restore, env, args);
  Command command;
  std::vector<FieldError> errors;
  // Command-line values override the environment: merge both into one view first.
  Environment values = env;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      command.kind = CommandKind::help;
      return command;
    }
    if (arg == "--version") {
      command.kind = CommandKind::version;
      return command;
    }
    if (arg == "--standalone") {
      command.config.standalone = true;
      continue;
    }
    std::string name = arg, value;
    bool has_inline_value = false;
    if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_inline_value = true;
    }
    const auto* spec = std::find_if(std::begin(kValueFlags), std::end(kValueFlags),
                                    [&](const FlagSpec& s) { return name == s.flag; });
    if (spec == std::end(kValueFlags)) {
      if (name == "--secret" || name == "--app-secret") {
        errors.push_back({name, "the secret is read from APP_SECRET only, never from the command "
                                "line (other users of the machine could read it with ps)"});
      } else {
        errors.push_back({arg, "unknown option (see --help)"});
      }
      continue;
    }
    if (!has_inline_value) {
      if (i + 1 >= args.size()) {
        errors.push_back({name, "needs a value"});
        continue;
      }
      value = args[++i];
    }
    values[spec->env] = value;
  }

  Config& c = command.config;
  const bool standalone = c.standalone;
  auto required = [&](const char* key) {
    std::string v = lookup(values, key);
    if (v.empty() && !standalone) errors.push_back({key, "is required"});
    return v;
  };

  if (auto v = required("APP_ID"); !v.empty()) {
    static const std::regex app_id_pattern("^[a-z][a-z0-9_]{0,63}$");
    if (std::regex_match(v, app_id_pattern)) c.app_id = v;
    else errors.push_back({"APP_ID", "must be lower-case letters, digits and _ (like 'registre')"});
  }
  if (auto v = required("APP_VERSION"); !v.empty()) {
    static const std::regex version_pattern(R"(^[0-9A-Za-z.+\-]{1,64}$)");
    if (std::regex_match(v, version_pattern)) c.app_version = v;
    else errors.push_back({"APP_VERSION", "is not a version number (like 0.1.0)"});
  }
  if (standalone) {
    if (!lookup(values, "APP_SECRET").empty()) {
      errors.push_back({"--standalone", "refused: APP_SECRET is set, so this looks like a "
                                        "Nextcloud deployment; standalone mode has no "
                                        "authentication and is for local demos only"});
    }
  } else if (auto v = required("APP_SECRET"); !v.empty()) {
    if (v.size() < 16) errors.push_back({"APP_SECRET", "must be at least 16 characters long"});
    else c.app_secret = v;
  }
  c.aa_version = lookup(values, "AA_VERSION");

  if (auto v = required("APP_HOST"); !v.empty()) c.host = v;
  if (standalone && !is_loopback_host(c.host)) {
    errors.push_back({"APP_HOST", "standalone mode listens on loopback only (127.0.0.1, ::1 "
                                  "or localhost), got '" + c.host + "'"});
  }
  if (auto v = required("APP_PORT"); !v.empty()) {
    long long port = 0;
    // 0 asks the system for a free port (tests); the log says which one was taken.
    if (parse_int(v, 0, 65535, port)) c.port = static_cast<int>(port);
    else errors.push_back({"APP_PORT", "must be a port number from 0 to 65535"});
  } else if (standalone) {
    c.port = 8780;
  }
  if (standalone) {
    c.nextcloud_url.clear();  // never called in standalone mode
  } else if (auto v = required("NEXTCLOUD_URL"); !v.empty()) {
    static const std::regex url_pattern(R"(^https?://[^\s/?#]+(/[^\s?#]*)?$)");
    if (std::regex_match(v, url_pattern)) {
      while (!v.empty() && v.back() == '/') v.pop_back();
      c.nextcloud_url = v;
    } else {
      errors.push_back({"NEXTCLOUD_URL", "must be an http:// or https:// URL"});
    }
  }
  if (auto v = required("APP_PERSISTENT_STORAGE"); !v.empty()) c.storage_dir = v;
  else if (standalone) c.storage_dir = "var/standalone";

  // HaRP: Nextcloud reaches the app only through the frpc tunnel that the container's entrypoint
  // (docker/entrypoint.sh) starts, and frpc forwards to a loopback TCP port (cpp-httplib has no
  // unix sockets): listen there, whatever APP_HOST says, so nothing else can reach the service.
  if (!lookup(values, "HP_SHARED_KEY").empty() && !is_loopback_host(c.host)) c.host = "127.0.0.1";
  if (auto v = lookup(values, "REGISTRE_STATIC_DIR"); !v.empty()) c.static_dir = v;
  if (auto v = lookup(values, "REGISTRE_LOCAL_USER"); !v.empty()) c.local_user = v;
  if (auto v = lookup(values, "REGISTRE_LANGUAGE"); !v.empty()) {
    if (v == "fr" || v == "en") c.language = v;
    else errors.push_back({"REGISTRE_LANGUAGE", "must be 'fr' or 'en'"});
  }
  c.threads = static_cast<int>(std::max(8u, 2 * std::thread::hardware_concurrency()));
  if (auto v = lookup(values, "REGISTRE_THREADS"); !v.empty()) {
    long long threads = 0;
    // At least 4: Nextcloud calls back into the app while one of its own requests waits.
    if (parse_int(v, 4, 512, threads)) c.threads = static_cast<int>(threads);
    else errors.push_back({"REGISTRE_THREADS", "must be a whole number from 4 to 512"});
  }
  if (auto v = lookup(values, "REGISTRE_LOG_LEVEL"); !v.empty()) {
    if (!log::parse_level(v, c.log_level)) {
      errors.push_back({"REGISTRE_LOG_LEVEL", "must be debug, info, warn or error"});
    }
  }
  if (auto v = lookup(values, "REGISTRE_MAX_UPLOAD_BYTES"); !v.empty()) {
    long long bytes = 0;
    if (parse_int(v, 1024, 1LL << 32, bytes)) c.max_upload_bytes = static_cast<std::size_t>(bytes);
    else errors.push_back({"REGISTRE_MAX_UPLOAD_BYTES", "must be from 1024 to 4294967296"});
  }
  c.max_json_bytes = std::min(c.max_json_bytes, c.max_upload_bytes);
  if (auto v = lookup(values, "REGISTRE_WEBHOOK_RETRY_BASE_MS"); !v.empty()) {
    long long ms = 0;
    if (parse_int(v, 100, 3'600'000, ms)) c.webhook_retry_base_ms = static_cast<int>(ms);
    else errors.push_back({"REGISTRE_WEBHOOK_RETRY_BASE_MS", "must be from 100 to 3600000"});
  }
  if (auto v = lookup(values, "REGISTRE_WEBHOOK_MAX_ATTEMPTS"); !v.empty()) {
    long long attempts = 0;
    if (parse_int(v, 1, 30, attempts)) c.webhook_max_attempts = static_cast<int>(attempts);
    else errors.push_back({"REGISTRE_WEBHOOK_MAX_ATTEMPTS", "must be from 1 to 30"});
  }

  if (!errors.empty()) {
    Error e = make_error(ErrorKind::invalid, "invalid-configuration",
                         "the configuration has errors; see --help");
    e.fields = std::move(errors);
    return e;
  }
  return command;
}

std::string usage_text() {
  return R"(registre-server: the Registre backend, a Nextcloud AppAPI external app.

Usage:
  registre-server [options]               serve as an ExApp of the Nextcloud at NEXTCLOUD_URL
  registre-server verify-ledger [--storage DIR] [--organization ID]
                                          check every organisation's consent ledger (hash chain,
                                          texts, signed checkpoints) and exit: 0 intact, 1 broken
                                          (the first broken event is named), 2 cannot check
  registre-server backup [--storage DIR] --to DIR
                                          copy the database, the key stores and a manifest of
                                          checksums into DIR/registre-backup-<UTC time>, while the
                                          service runs; exit 0 written, 1 failed (nothing left)
  registre-server restore [--storage DIR] --from BACKUP
                                          with the service stopped: check BACKUP's checksums, set
                                          the current files aside (*.before-restore-<time>), put
                                          the backup in place and re-apply the erasure journal;
                                          exit 0 restored, 1 refused (nothing changed), 3 failed
                                          while swapping files (the message says what to do)
  registre-server --standalone [options]  serve without Nextcloud, on loopback only, as a fixed
                                          local administrator, with a demo organisation (demo
                                          and browser tests; no authentication, never for real data)

Environment (set by AppAPI's deploy daemon; set by hand for a manual install):
  APP_ID                  app id, 'registre'
  APP_VERSION             app version
  APP_SECRET              shared secret with Nextcloud (at least 16 characters; environment only)
  APP_HOST, APP_PORT      address to listen on (port 0: any free port, shown in the log)
  NEXTCLOUD_URL           base URL of Nextcloud, e.g. https://cloud.example.org
  APP_PERSISTENT_STORAGE  directory that survives updates; the database lives there
  AA_VERSION              AppAPI version (informative)

Options (override the environment):
  --standalone            see above
  --app-id ID, --app-version V, --host H, --port P, --nextcloud-url URL
  --storage DIR           database directory (standalone default: var/standalone)
  --static-dir DIR        front-end files served under js/, css/, img/, l10n/ (REGISTRE_STATIC_DIR)
  --threads N             HTTP worker threads, 4 to 512 (REGISTRE_THREADS; default max(8, 2 x cores))
  --log-level L           debug, info, warn or error (REGISTRE_LOG_LEVEL; default info)
  --language fr|en        language of texts registered in Nextcloud (REGISTRE_LANGUAGE; default fr)
  --max-upload-bytes N    largest request body accepted (REGISTRE_MAX_UPLOAD_BYTES; default 50 MiB)
  --local-user UID        the actor in standalone mode (REGISTRE_LOCAL_USER; default admin)
  --webhook-retry-base-ms N  first retry of a failed webhook delivery, doubling after each
                          (REGISTRE_WEBHOOK_RETRY_BASE_MS; default 30000)
  --webhook-max-attempts N  attempts before a delivery is dead, 1 to 30
                          (REGISTRE_WEBHOOK_MAX_ATTEMPTS; default 12)
  --help, --version
)";
}

}  // namespace registre
