// `registre-server backup` and `restore`, the real binary against a storage directory that the
// real service (in this process, standalone) is using: the backup runs beside it; the restore
// refuses until it stops, then brings the backup back without the member erased since.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "running_app.hpp"
#include "test_support/run_command.hpp"

using namespace registre;
namespace fs = std::filesystem;

namespace {

// The service on a storage directory that outlives it.
struct Service {
  SystemClock clock;
  std::unique_ptr<Application> app;
  std::thread thread;
  int port = 0;

  explicit Service(const std::string& storage) {
    Config config = test_support::standalone_config();
    config.storage_dir = storage;
    auto created = Application::create(config, clock);
    REQUIRE_MESSAGE(created.ok(), created.error().detail);
    app = std::move(created).value();
    auto bound = app->bind();
    REQUIRE(bound.ok());
    port = bound.value();
    thread = std::thread([this] { app->run(); });
  }
  ~Service() {
    app->stop();
    thread.join();
    app.reset();
  }

  nlohmann::json send(const std::string& method, const std::string& path,
                      const nlohmann::json& body, int expected, httplib::Headers headers = {}) {
    httplib::Client client("127.0.0.1", port);
    auto res = method == "POST" ? client.Post(path, headers, body.dump(), "application/json")
                                : client.Get(path, headers);
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == expected, path << " -> " << res->status << " " << res->body);
    return res->body.empty() ? nlohmann::json() : nlohmann::json::parse(res->body);
  }
};

}  // namespace

TEST_CASE("backup beside the running service, restore once it stopped, the erasure stays") {
  test_support::TempDir dir;
  const std::string storage = dir.file("storage");
  const std::string backups = dir.file("backups");
  const std::string server = REGISTRE_SERVER_BINARY;
  int forgotten = 0, kept = 0;
  std::string backup;
  {
    Service s(storage);
    s.send(
        "POST", "/api/v1/organizations/1/fields",
        {{"key", "sante"}, {"label", "Santé"}, {"type", "text"}, {"classification", "sensitive"}},
        201);
    forgotten = s.send("POST", "/api/v1/organizations/1/members",
                       {{"lastName", "Effacee"},
                        {"email", "effacee@exemple.org"},
                        {"custom", {{"sante", "asthme-effacee"}}}},
                       201)["id"];
    kept = s.send("POST", "/api/v1/organizations/1/members",
                  {{"lastName", "Restee"}, {"custom", {{"sante", "rien"}}}}, 201)["id"];

    auto made = test_support::run_command(server + " backup --storage '" + storage + "' --to '" +
                                          backups + "'");
    REQUIRE_MESSAGE(made.status == 0, made.output);
    CHECK(made.output.find("backup written: " + backups + "/registre-backup-") == 0);
    CHECK(made.output.find("keys/member-keys.db") != std::string::npos);
    CHECK(made.output.find("integrity check ok") != std::string::npos);
    for (const auto& e : fs::directory_iterator(backups))
      backup = e.path().string();

    s.send("POST", "/api/v1/organizations/1/members/" + std::to_string(forgotten) + "/erasure",
           nlohmann::json::object(), 200, {{"If-Match", "\"1\""}});

    auto busy = test_support::run_command(server + " restore --storage '" + storage + "' --from '" +
                                          backup + "'");
    CHECK_MESSAGE(busy.status == 1, busy.output);
    CHECK(busy.output.find("refused, nothing was changed") != std::string::npos);
    CHECK(busy.output.find("still running") != std::string::npos);
  }  // the service stops

  // An altered backup is refused.
  const std::string manifest = backup + "/manifest.json";
  std::string text;
  {
    std::ifstream in(manifest);
    std::getline(in, text, '\0');
  }
  {
    std::string altered = text;
    const auto at = altered.find("\"blake2b256\": \"") + 15;
    altered[at] = altered[at] == '0' ? '1' : '0';
    std::ofstream(manifest, std::ios::trunc) << altered;
  }
  auto tampered = test_support::run_command(server + " restore --storage '" + storage +
                                            "' --from '" + backup + "'");
  CHECK_MESSAGE(tampered.status == 1, tampered.output);
  CHECK(tampered.output.find("does not match its checksum") != std::string::npos);
  std::ofstream(manifest, std::ios::trunc) << text;

  auto restored = test_support::run_command(server + " restore --storage '" + storage +
                                            "' --from '" + backup + "'");
  REQUIRE_MESSAGE(restored.status == 0, restored.output);
  MESSAGE(restored.output);
  CHECK(restored.output.find("re-applied: 1") != std::string::npos);
  CHECK(restored.output.find("member id " + std::to_string(forgotten) + " ") != std::string::npos);
  CHECK(restored.output.find("Effacee") == std::string::npos);  // ids only
  CHECK(restored.output.find("set aside: " + storage + "/registre.sqlite3.before-restore-") !=
        std::string::npos);
  {
    SQLite::Database db(storage + "/registre.sqlite3", SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT count(*) FROM members WHERE id = " + std::to_string(forgotten))
              .getInt() == 0);
    CHECK(
        db.execAndGet("SELECT count(*) FROM members WHERE id = " + std::to_string(kept)).getInt() ==
        1);
  }
  // The service starts on the restored directory and still has the other member.
  Service again(storage);
  again.send("GET", "/api/v1/organizations/1/members/" + std::to_string(forgotten), nullptr, 404);
  auto other =
      again.send("GET", "/api/v1/organizations/1/members/" + std::to_string(kept), nullptr, 200);
  CHECK(other["custom"]["sante"] == "rien");

  CHECK(test_support::run_command(server + " backup --storage '" + storage + "'").status ==
        2);  // no --to
  CHECK(
      test_support::run_command(server + " restore --storage '" + storage + "' --from /nonexistent")
          .status == 1);
}
