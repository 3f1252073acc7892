// Access to the captured Nextcloud 32 traffic in tests/fixtures/nextcloud32 (see its README.md).
// Everything the fake Nextcloud sends or answers comes from these records, never from hand-written
// headers or payloads.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace registre::fakes {

// One captured HTTP exchange (one JSONL line).
struct Exchange {
  int seq = 0;
  std::string direction;  // "nc->exapp", "exapp->nc", "browser->nc", "client->nc"
  std::string method;
  std::string path;                 // with the query string exactly as sent
  nlohmann::json request_headers;   // object in wire order; a list value is a repeated header
  nlohmann::json response_headers;  // same shape
  std::optional<std::string> request_body;   // nullopt: no body; "": an empty body was sent
  std::optional<std::string> response_body;  // verbatim (PHP's "\/" escaping included)
  int status = 0;
  std::string note;
  // Parsed bodies as stored in the record (convenience fields of the capture), when JSON.
  std::optional<nlohmann::json> request_json;
  std::optional<nlohmann::json> response_json;
};

// Reads every record of a JSONL file. Throws std::runtime_error on a missing file or bad line.
std::vector<Exchange> load_exchanges(const std::string& jsonl_path);

// The fixture directory, from the compile definition REGISTRE_FIXTURES_DIR.
std::string fixtures_dir();

// The record with sequence number `seq` in `file` (a name relative to fixtures_dir()), or in
// records already loaded. Throws std::runtime_error if absent.
Exchange find_exchange(const std::string& file, int seq);
Exchange find_exchange(const std::vector<Exchange>& records, int seq);

// Whether Nextcloud reported success: OCS statuscode 100 (v1) or 200 (v2) when the body is a JSON
// OCS envelope (v1 errors are often HTTP 200), otherwise a 2xx HTTP status (WebDAV, XML).
bool is_success(const Exchange& e);

// First value of a captured header, looked up case-insensitively (the capture has "Content-type"
// next to "Content-Type"); nullopt when absent.
std::optional<std::string> captured_header(const nlohmann::json& headers, const std::string& name);

}  // namespace registre::fakes
