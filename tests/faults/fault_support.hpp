#pragma once
// What every fault scenario needs besides the child process: a plain HTTP client for the
// standalone API, a read-only look at the database file, generated CSV registers, and a wait.

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "test_support/child_server.hpp"
#include "test_support/temp_dir.hpp"

namespace registre::faults {

using test_support::ChildOptions;
using test_support::ChildServer;
using test_support::tail_of;

// The server under test, standalone, on `dir`/storage, its output in `dir`/server.log.
inline ChildOptions child_options(const test_support::TempDir& dir) {
  ChildOptions o;
  o.binary = REGISTRE_SERVER_BINARY;
  o.storage_dir = dir.file("storage");
  o.log_path = dir.file("server.log");
  o.static_dir = REGISTRE_SOURCE_DIR "/tests/fixtures/static-assets";
  return o;
}

inline const std::string kOrg = "/api/v1/organizations/1";  // the standalone demo organisation

struct Answer {
  int status = 0;  // 0: no HTTP answer at all
  std::string body;
  std::string content_type;
  nlohmann::json json() const {
    return body.empty() ? nlohmann::json() : nlohmann::json::parse(body, nullptr, false);
  }
};

inline Answer call(httplib::Client& http, const std::string& method, const std::string& path,
                   const std::string& body = "",
                   const std::string& content_type = "application/json",
                   const httplib::Headers& headers = {}) {
  httplib::Result res = method == "GET"    ? http.Get(path, headers)
                        : method == "POST" ? http.Post(path, headers, body, content_type)
                        : method == "PUT"  ? http.Put(path, headers, body, content_type)
                                           : http.Delete(path, headers);
  if (!res) return {};
  return {res->status, res->body, res->get_header_value("Content-Type")};
}

// A call that must answer `expected`; its JSON body.
inline nlohmann::json expect(httplib::Client& http, const std::string& method,
                             const std::string& path, const nlohmann::json& body, int expected) {
  const Answer a = call(http, method, path, body.is_null() ? "" : body.dump());
  REQUIRE_MESSAGE(a.status == expected,
                  method << " " << path << " -> " << a.status << " " << a.body.substr(0, 500));
  return a.json();
}

// A read-only connection of our own to the service's database file: what is on disk, not what
// the service says.
class DatabaseFile {
 public:
  explicit DatabaseFile(const std::string& storage_dir)
      : db_(storage_dir + "/registre.sqlite3", SQLite::OPEN_READONLY) {
    db_.setBusyTimeout(5000);
  }
  std::string integrity_check() {
    SQLite::Statement q(db_, "PRAGMA integrity_check");
    std::string out;
    while (q.executeStep())
      out += (out.empty() ? "" : "; ") + q.getColumn(0).getString();
    return out;
  }
  std::int64_t count(const std::string& sql) { return db_.execAndGet(sql).getInt64(); }

 private:
  SQLite::Database db_;
};

// Polls `done` every 2 ms until it holds or `timeout` passes.
inline bool wait_until(const std::function<bool()>& done,
                       std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return done();
}

// A register of `rows` people in the Galette-like French columns the import recognises; with
// `left_on`, everyone left on that date (former members). E-mails are unique per `tag`.
inline std::string members_csv(int rows, const std::string& tag, const std::string& left_on = "") {
  std::string csv = "Nom;Prénom;Courriel;Date d'adhésion";
  csv += left_on.empty() ? "\r\n" : ";Date de sortie\r\n";
  for (int i = 0; i < rows; ++i) {
    const std::string n = std::to_string(i);
    csv += "Nom" + tag + n + ";Prénom" + n + ";p" + n + "." + tag + "@example.org;01/09/2015";
    csv += left_on.empty() ? "\r\n" : ";" + left_on + "\r\n";
  }
  return csv;
}

}  // namespace registre::faults
