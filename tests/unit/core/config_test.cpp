#include "core/config.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace registre;

namespace {

Environment full_environment() {
  return {{"APP_ID", "registre"},
          {"APP_VERSION", "0.1.0"},
          {"APP_SECRET", "test-secret-0123456789abcdefghijklmnopqrstuvwxyz+/ABCDEFGHIJ"},
          {"APP_HOST", "0.0.0.0"},
          {"APP_PORT", "23000"},
          {"NEXTCLOUD_URL", "https://cloud.example.org/"},
          {"APP_PERSISTENT_STORAGE", "/var/lib/registre"}};
}

bool has_field_error(const Result<Command>& r, const std::string& field) {
  if (r.ok()) return false;
  const auto& fields = r.error().fields;
  return std::any_of(fields.begin(), fields.end(), [&](const auto& f) { return f.field == field; });
}

}  // namespace

TEST_CASE("a complete AppAPI environment gives a Nextcloud-mode configuration") {
  auto r = parse_command_line(full_environment(), {});
  REQUIRE(r.ok());
  const Config& c = r->config;
  CHECK_FALSE(c.standalone);
  CHECK(c.port == 23000);
  CHECK(c.host == "0.0.0.0");
  CHECK(c.nextcloud_url == "https://cloud.example.org");  // trailing slash removed
  CHECK(c.storage_dir == "/var/lib/registre");
  CHECK(c.threads >= 8);
}

TEST_CASE("every missing required variable is reported at once") {
  auto r = parse_command_line({}, {});
  REQUIRE_FALSE(r.ok());
  for (const char* key : {"APP_ID", "APP_VERSION", "APP_SECRET", "APP_HOST", "APP_PORT",
                          "NEXTCLOUD_URL", "APP_PERSISTENT_STORAGE"}) {
    CHECK_MESSAGE(has_field_error(r, key), key);
  }
}

TEST_CASE("invalid values are refused with the variable named") {
  struct Case {
    const char* key;
    const char* value;
  };
  for (Case c : {Case{"APP_PORT", "-1"}, Case{"APP_PORT", "65536"}, Case{"APP_PORT", "80a"},
                 Case{"NEXTCLOUD_URL", "cloud.example.org"}, Case{"NEXTCLOUD_URL", "ftp://x"},
                 Case{"APP_ID", "Registre!"}, Case{"APP_SECRET", "short"},
                 Case{"REGISTRE_THREADS", "2"}, Case{"REGISTRE_LOG_LEVEL", "loud"},
                 Case{"REGISTRE_LANGUAGE", "de"}}) {
    auto env = full_environment();
    env[c.key] = c.value;
    auto r = parse_command_line(env, {});
    CHECK_MESSAGE(has_field_error(r, c.key), c.key << "=" << c.value);
  }
}

TEST_CASE("command-line flags override the environment") {
  auto r = parse_command_line(full_environment(), {"--port", "24000", "--host=127.0.0.1", "--threads", "12"});
  REQUIRE(r.ok());
  CHECK(r->config.port == 24000);
  CHECK(r->config.host == "127.0.0.1");
  CHECK(r->config.threads == 12);
}

TEST_CASE("the secret is never taken from the command line") {
  auto r = parse_command_line(full_environment(), {"--secret", "0123456789abcdef0123"});
  CHECK(has_field_error(r, "--secret"));
}

TEST_CASE("unknown options and options without a value are refused") {
  CHECK(has_field_error(parse_command_line(full_environment(), {"--colour"}), "--colour"));
  CHECK(has_field_error(parse_command_line(full_environment(), {"--port"}), "--port"));
}

TEST_CASE("--help and --version are commands") {
  auto help = parse_command_line({}, {"--help"});
  REQUIRE(help.ok());
  CHECK(help->kind == CommandKind::help);
  CHECK(usage_text().find("APP_PERSISTENT_STORAGE") != std::string::npos);
  auto version = parse_command_line({}, {"--version"});
  REQUIRE(version.ok());
  CHECK(version->kind == CommandKind::version);
}

TEST_CASE("standalone mode needs nothing and listens on loopback") {
  auto r = parse_command_line({}, {"--standalone"});
  REQUIRE(r.ok());
  CHECK(r->config.standalone);
  CHECK(r->config.host == "127.0.0.1");
  CHECK(r->config.port == 8780);
  CHECK_FALSE(r->config.storage_dir.empty());
}

TEST_CASE("standalone mode refuses a non-loopback address") {
  for (const char* host : {"0.0.0.0", "192.168.1.10", "::", "example.org"}) {
    auto r = parse_command_line({}, {"--standalone", "--host", host});
    CHECK_MESSAGE(has_field_error(r, "APP_HOST"), host);
  }
  for (const char* host : {"127.0.0.1", "127.1.2.3", "::1", "localhost"}) {
    CHECK_MESSAGE(parse_command_line({}, {"--standalone", "--host", host}).ok(), host);
  }
}

TEST_CASE("standalone mode refuses to start inside an AppAPI deployment") {
  auto r = parse_command_line(full_environment(), {"--standalone", "--host", "127.0.0.1"});
  CHECK(has_field_error(r, "--standalone"));
}

TEST_CASE("under HaRP the service listens on loopback only, behind the frpc tunnel") {
  auto env = full_environment();
  env["HP_SHARED_KEY"] = "some-key";
  env["APP_HOST"] = "0.0.0.0";
  auto r = parse_command_line(env, {});
  REQUIRE(r.ok());
  CHECK(r->config.host == "127.0.0.1");
  env["APP_HOST"] = "::1";
  CHECK(parse_command_line(env, {})->config.host == "::1");
  env.erase("HP_SHARED_KEY");
  env["APP_HOST"] = "0.0.0.0";
  CHECK(parse_command_line(env, {})->config.host == "0.0.0.0");  // Docker without HaRP
}

TEST_CASE("verify-ledger needs only the storage directory") {
  auto from_env = parse_command_line({{"APP_PERSISTENT_STORAGE", "/var/lib/registre"}}, {"verify-ledger"});
  REQUIRE(from_env.ok());
  CHECK(from_env->kind == CommandKind::verify_ledger);
  CHECK(from_env->config.storage_dir == "/var/lib/registre");
  CHECK(from_env->organization == 0);

  auto flags = parse_command_line(full_environment(), {"verify-ledger", "--storage", "/tmp/r", "--organization=3"});
  REQUIRE(flags.ok());
  CHECK(flags->config.storage_dir == "/tmp/r");
  CHECK(flags->organization == 3);

  CHECK(has_field_error(parse_command_line({}, {"verify-ledger"}), "APP_PERSISTENT_STORAGE"));
  auto bad = parse_command_line({}, {"verify-ledger", "--storage=/tmp/r", "--organization", "zero", "--port", "1"});
  CHECK(has_field_error(bad, "--organization"));
  CHECK(has_field_error(bad, "--port"));
  CHECK(parse_command_line({}, {"verify-ledger", "--help"})->kind == CommandKind::help);
  // Only as the first word: elsewhere it is an unknown option of the server.
  CHECK(has_field_error(parse_command_line(full_environment(), {"--port", "1", "verify-ledger"}), "verify-ledger"));
}

TEST_CASE("backup needs --to and restore --from, besides the storage directory") {
  auto backup = parse_command_line({{"APP_PERSISTENT_STORAGE", "/var/lib/registre"}},
                                   {"backup", "--to", "/srv/backups"});
  REQUIRE(backup.ok());
  CHECK(backup->kind == CommandKind::backup);
  CHECK(backup->config.storage_dir == "/var/lib/registre");
  CHECK(backup->backup_to == "/srv/backups");

  auto restore = parse_command_line({}, {"restore", "--storage=/tmp/r", "--from=/srv/b/x"});
  REQUIRE(restore.ok());
  CHECK(restore->kind == CommandKind::restore);
  CHECK(restore->config.storage_dir == "/tmp/r");
  CHECK(restore->restore_from == "/srv/b/x");

  CHECK(has_field_error(parse_command_line({}, {"backup", "--storage", "/tmp/r"}), "--to"));
  CHECK(
      has_field_error(parse_command_line({}, {"backup", "--to", "/b"}), "APP_PERSISTENT_STORAGE"));
  CHECK(has_field_error(parse_command_line({}, {"restore", "--storage", "/tmp/r"}), "--from"));
  CHECK(has_field_error(parse_command_line({}, {"restore", "--storage", "/tmp/r", "--from="}),
                        "--from"));
  // Each command knows its own flags only.
  CHECK(has_field_error(
      parse_command_line({}, {"backup", "--storage", "/r", "--to", "/b", "--from", "/c"}),
      "--from"));
  CHECK(has_field_error(
      parse_command_line({}, {"restore", "--storage", "/r", "--from", "/b", "--organization", "1"}),
      "--organization"));
  CHECK(has_field_error(parse_command_line({}, {"backup", "--storage", "/r", "--to"}), "--to"));
  CHECK(parse_command_line({}, {"restore", "--help"})->kind == CommandKind::help);
}
