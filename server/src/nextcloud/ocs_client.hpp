#pragma once
// Calls Nextcloud's OCS API as the app (NEXTCLOUD.md §1): AppAPI headers on every call, v1 and v2
// envelopes, generous timeouts (the status call waits while Nextcloud calls us back), and never a
// retry after 401 or 429 (a wrong secret counts as a brute-force attempt on Nextcloud's side).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace registre::nextcloud {

struct OcsClientOptions {
  std::string base_url;  // NEXTCLOUD_URL, may carry a path prefix (https://host/nextcloud)
  std::string app_id;
  std::string app_version;
  std::string secret;
  std::string aa_version;  // sent as AA-VERSION when known
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds read_timeout{75};  // > 70 s: see NEXTCLOUD.md §2 on the status call
  int transport_attempts = 3;             // only for calls that got no HTTP answer at all
};

// What an OCS call returned, when Nextcloud answered with an envelope.
struct OcsResponse {
  int http_status = 0;
  int ocs_status = 0;  // ocs.meta.statuscode
  std::string message;
  nlohmann::json data;
  // v1 succeeds with 100, v2 with 200 (and a 2xx HTTP status).
  bool ok() const { return ocs_status == 100 || (ocs_status == 200 && http_status < 300); }
  bool not_found() const { return ocs_status == 404; }
};

class OcsClient {
 public:
  explicit OcsClient(OcsClientOptions options);

  // `path` starts with /ocs/v1.php/ or /ocs/v2.php/ and may carry a query string; format=json is
  // added. `as_user` empty means the app itself. Errors (`upstream`): no answer, no envelope,
  // authentication refused (401 / 997) or throttled (429). Other OCS failures come back as an
  // OcsResponse whose ok() is false, for the caller to judge (a 404 on delete is often fine).
  Result<OcsResponse> call(std::string_view method, std::string_view path,
                           const nlohmann::json* body = nullptr, std::string_view as_user = {});

  const OcsClientOptions& options() const { return options_; }

 private:
  OcsClientOptions options_;
  std::string origin_;       // scheme://host[:port]
  std::string path_prefix_;  // e.g. /nextcloud, or empty
};

// Parses an OCS envelope (v1 or v2, JSON). nullopt when the body is not one.
std::optional<OcsResponse> parse_ocs_envelope(int http_status, std::string_view body);

}  // namespace registre::nextcloud
