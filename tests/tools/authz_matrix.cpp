// Prints the authorisation matrix of docs/security.md: one row per registered route (method,
// path, use case), one column per role, from the real route table and the real policy table.
// Nothing listens: the service is created in a temporary directory (as the API tests do), its
// router's table is read, and it is destroyed. `scripts/authz-matrix.sh` puts the output into the
// document, and the ctest `authz_matrix_doc` fails when the document is out of date.
#include <cstdio>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "application.hpp"
#include "auth/policy.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;

namespace {

struct Column {
  auth::Role role;
  const char* name;
};

const std::vector<Column> kColumns = {
    {auth::Role::nextcloud, "nextcloud"},
    {auth::Role::user, "user"},
    {auth::Role::admin, "admin"},
    {auth::Role::manager, "manager"},
    {auth::Role::treasurer, "treasurer"},
    {auth::Role::viewer, "viewer"},
    {auth::Role::member_self, "member_self"},
};

// The routes the service registers in one mode (each mode's own Application, then destroyed).
std::vector<http::Route> routes_of(bool standalone) {
  test_support::TempDir dir;
  Config config;
  config.standalone = standalone;
  if (!standalone) {
    config.app_id = "registre";
    config.app_version = "0.0.0";
    config.app_secret = "matrix-generator-secret-0123456789";
    config.nextcloud_url = "http://127.0.0.1:9";  // never called: nothing is served
  }
  config.host = "127.0.0.1";
  config.threads = 1;
  config.storage_dir = dir.file("storage");
  config.static_dir = REGISTRE_SOURCE_DIR "/tests/fixtures/static-assets";
  SystemClock clock;
  auto app = Application::create(config, clock);
  if (!app) {
    std::cerr << "cannot create the service: " << app.error().detail << "\n";
    std::exit(1);
  }
  return app.value()->router().routes();
}

// `|` would end a Markdown cell (the static files' pattern has none today, but a regex may).
std::string cell(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '|')
      out += "\\|";
    else
      out.push_back(ch);
  }
  return "`" + out + "`";
}

void print_row(const http::Route& route, const char* mode) {
  const auth::PolicyEntry& policy = auth::policy_for(route.use_case);
  std::cout << "| " << route.method << " | " << cell(route.pattern) << mode << " | "
            << cell(std::string(policy.name)) << " | "
            << (policy.organization_scoped ? "organisation" : "instance") << " |";
  for (const auto& column : kColumns) {
    // The heartbeat needs no credential at all: anyone may call it, whatever their roles.
    const bool allowed = !policy.needs_credential || policy.allowed.has(column.role);
    std::cout << (allowed ? " ✓ |" : " — |");
  }
  std::cout << "\n";
}

}  // namespace

int main() {
  // The services' start-up lines (and the jobs' failed calls to a Nextcloud that is not there)
  // are not the matrix.
  log::set_sink([](const std::string&) {});
  const auto nextcloud = routes_of(false);
  const auto standalone = routes_of(true);

  std::cout << "| method | path | use case | scope |";
  for (const auto& column : kColumns)
    std::cout << " " << column.name << " |";
  std::cout << "\n|---|---|---|---|";
  for (std::size_t i = 0; i < kColumns.size(); ++i)
    std::cout << ":-:|";
  std::cout << "\n";

  std::set<std::string> seen;
  for (const auto& route : nextcloud) {
    seen.insert(route.method + " " + route.pattern);
    print_row(route, "");
  }
  for (const auto& route : standalone) {
    if (seen.count(route.method + " " + route.pattern) == 0) print_row(route, " (standalone only)");
  }
  return 0;
}
