// Standalone mode: the demo and browser-test service without Nextcloud.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <cstdio>
#include <thread>

#include "running_app.hpp"

using namespace registre;

namespace {

struct Outcome {
  int exit_code;
  std::string output;
};

Outcome run_server(const std::string& args) {
  const std::string command = std::string("env -u APP_SECRET ") + REGISTRE_SERVER_BINARY + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) output += buffer.data();
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace

TEST_CASE("standalone mode refuses to listen on a non-loopback address") {
  test_support::TempDir dir;
  auto outcome = run_server("--standalone --host 0.0.0.0 --port 0 --storage " + dir.file("s"));
  CHECK(outcome.exit_code == 2);
  CHECK(outcome.output.find("loopback") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("s")));  // refused before touching anything
}

TEST_CASE("missing AppAPI variables stop the server with a clear message") {
  auto outcome = run_server("");
  CHECK(outcome.exit_code == 2);
  CHECK(outcome.output.find("APP_SECRET: is required") != std::string::npos);
  CHECK(outcome.output.find("NEXTCLOUD_URL: is required") != std::string::npos);
}

TEST_CASE("--help describes the settings") {
  auto outcome = run_server("--help");
  CHECK(outcome.exit_code == 0);
  CHECK(outcome.output.find("--standalone") != std::string::npos);
}

TEST_CASE("SIGTERM stops the server cleanly") {
  test_support::TempDir dir;
  const std::string log_file = dir.file("log");
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    FILE* out = std::freopen(log_file.c_str(), "w", stderr);
    (void)out;
    unsetenv("APP_SECRET");
    execl(REGISTRE_SERVER_BINARY, REGISTRE_SERVER_BINARY, "--standalone", "--port", "0",
          "--storage", dir.file("s").c_str(), "--static-dir", REGISTRE_SOURCE_DIR "/tests/fixtures/static-assets",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait until it listens (it logs "listening"), then ask it to stop.
  bool listening = false;
  for (int i = 0; i < 100 && !listening; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ifstream in(log_file);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    listening = content.find("\"listening\"") != std::string::npos;
  }
  CHECK(listening);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  std::ifstream in(log_file);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(content.find("\"stopped\"") != std::string::npos);
}

TEST_CASE("the standalone service acts as the local administrator and shows the demo organisation") {
  test_support::RunningApp app(test_support::standalone_config());
  auto c = app.client();
  auto me = c.Get("/api/v1/me");
  REQUIRE(me);
  CHECK(me->status == 200);
  auto identity = nlohmann::json::parse(me->body);
  CHECK(identity["userId"] == "admin");
  CHECK(identity["isAdmin"] == true);
  CHECK(identity["mode"] == "standalone");

  auto orgs = c.Get("/api/v1/organizations");
  REQUIRE(orgs);
  auto items = nlohmann::json::parse(orgs->body)["items"];
  REQUIRE(items.size() == 1);
  CHECK(items[0]["slug"] == "demo");

  auto page = c.Get("/", {{"Accept-Language", "en-GB"}});
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->body.find("<html lang=\"en\">") != std::string::npos);
  CHECK(page->body.find("data-registre-base=\"/\"") != std::string::npos);
  CHECK(page->body.find("js/registre-main.js") != std::string::npos);

  auto script = c.Get("/js/registre-main.js");
  REQUIRE(script);
  CHECK(script->status == 200);
  CHECK(script->get_header_value("Cache-Control") == "no-cache");
  auto again = c.Get("/js/registre-main.js", {{"If-None-Match", script->get_header_value("ETag")}});
  REQUIRE(again);
  CHECK(again->status == 304);
  // Nextcloud's ?v= names Nextcloud's version, not Registre's: the entry file still revalidates
  // (an upgrade of Registre alone must reach the browser); a hashed file name is kept a year.
  auto versioned = c.Get("/js/registre-main.js?v=3ea31305-0");
  REQUIRE(versioned);
  CHECK(versioned->get_header_value("Cache-Control") == "no-cache");
  auto hashed = c.Get("/js/main.Ab3_x9Kq.js");
  REQUIRE(hashed);
  CHECK(hashed->status == 200);
  CHECK(hashed->get_header_value("Cache-Control") == "public, max-age=31536000, immutable");

  // The public consent page: a shell in the visitor's language, scripts relative to /public/.
  auto consent = c.Get("/public/consent", {{"Accept-Language", "fr-FR"}});
  REQUIRE(consent);
  CHECK(consent->status == 200);
  CHECK(consent->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(consent->body.find("<html lang=\"fr\">") != std::string::npos);
  CHECK(consent->body.find("../js/registre-public.js") != std::string::npos);
  CHECK(consent->get_header_value("Content-Security-Policy").find("script-src 'self'") !=
        std::string::npos);
  auto traversal = c.Get("/js/../../CMakeLists.txt");
  REQUIRE(traversal);
  CHECK(traversal->status == 404);

  // Lifecycle routes are Nextcloud's: the local administrator cannot call them.
  auto init = c.Post("/init", "", "application/json");
  REQUIRE(init);
  CHECK(init->status == 403);
}

TEST_CASE("restarting on the same storage keeps the data and seeds nothing twice") {
  test_support::TempDir dir;
  auto config = test_support::standalone_config();
  for (int run = 0; run < 2; ++run) {
    SystemClock clock;
    config.storage_dir = dir.file("storage");
    auto app = Application::create(config, clock);
    REQUIRE(app.ok());
    auto lease = app.value()->database().acquire();
    REQUIRE(lease.ok());
    CHECK(lease->db().execAndGet("SELECT count(*) FROM organizations").getInt() == 1);
    CHECK(lease->db().execAndGet("SELECT count(*) FROM audit_log WHERE action = 'organization.created'").getInt() == 1);
  }
}
