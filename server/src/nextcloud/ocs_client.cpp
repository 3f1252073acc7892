#include "nextcloud/ocs_client.hpp"

#include <httplib.h>

#include <thread>

#include "core/log.hpp"
#include "crypto/sodium.hpp"

namespace registre::nextcloud {
namespace {

Error upstream(std::string detail) {
  return make_error(ErrorKind::upstream, "upstream", std::move(detail));
}

}  // namespace

std::optional<OcsResponse> parse_ocs_envelope(int http_status, std::string_view body) {
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object() || !json.contains("ocs") || !json["ocs"].is_object()) return std::nullopt;
  const auto& ocs = json["ocs"];
  if (!ocs.contains("meta") || !ocs["meta"].is_object()) return std::nullopt;
  const auto& meta = ocs["meta"];
  OcsResponse response;
  response.http_status = http_status;
  if (meta.contains("statuscode") && meta["statuscode"].is_number_integer()) {
    response.ocs_status = meta["statuscode"].get<int>();
  } else {
    return std::nullopt;
  }
  if (meta.contains("message") && meta["message"].is_string()) {
    response.message = meta["message"].get<std::string>();
  }
  response.data = ocs.contains("data") ? ocs["data"] : nlohmann::json();
  return response;
}

OcsClient::OcsClient(OcsClientOptions options) : options_(std::move(options)) {
  // Split "https://host:port/prefix" into the origin httplib connects to and the path prefix.
  const auto scheme_end = options_.base_url.find("://");
  const auto path_start = scheme_end == std::string::npos
                              ? std::string::npos
                              : options_.base_url.find('/', scheme_end + 3);
  origin_ = options_.base_url.substr(0, path_start);
  if (path_start != std::string::npos) path_prefix_ = options_.base_url.substr(path_start);
}

Result<OcsResponse> OcsClient::call(std::string_view method, std::string_view path,
                                    const nlohmann::json* body, std::string_view as_user) {
  std::string target = path_prefix_ + std::string(path);
  target += target.find('?') == std::string::npos ? "?format=json" : "&format=json";

  httplib::Headers headers = {
      {"EX-APP-ID", options_.app_id},
      {"EX-APP-VERSION", options_.app_version},
      {"AUTHORIZATION-APP-API",
       crypto::base64_encode(std::string(as_user) + ":" + options_.secret)},
      {"OCS-APIRequest", "true"},
      {"Accept", "application/json"},
  };
  if (!options_.aa_version.empty()) headers.emplace("AA-VERSION", options_.aa_version);
  const std::string payload = body ? body->dump() : std::string();

  httplib::Client client(origin_);
  client.set_connection_timeout(options_.connect_timeout);
  client.set_read_timeout(options_.read_timeout);
  client.set_write_timeout(std::chrono::seconds(30));
  client.set_keep_alive(false);

  httplib::Result answer{nullptr, httplib::Error::Unknown};
  for (int attempt = 1; attempt <= options_.transport_attempts; ++attempt) {
    const std::string m(method);
    if (m == "GET") answer = client.Get(target, headers);
    else if (m == "POST") answer = client.Post(target, headers, payload, "application/json");
    else if (m == "PUT") answer = client.Put(target, headers, payload, "application/json");
    else if (m == "DELETE") {
      answer = body ? client.Delete(target, headers, payload, "application/json")
                    : client.Delete(target, headers);
    } else {
      return make_error(ErrorKind::internal, "internal", "unsupported OCS method " + m);
    }
    if (answer) break;
    log::warn("nextcloud unreachable", {{"method", m}, {"attempt", attempt},
                                        {"error", httplib::to_string(answer.error())}});
    if (attempt < options_.transport_attempts) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250 * attempt * attempt));
    }
  }
  if (!answer) {
    return upstream("Nextcloud could not be reached at " + origin_ + " (" +
                    httplib::to_string(answer.error()) + ")");
  }
  const int status = answer->status;
  auto envelope = parse_ocs_envelope(status, answer->body);
  if (status == 401 || (envelope && envelope->ocs_status == 997)) {
    log::error("nextcloud refused the app's credentials", {{"http_status", status}});
    return upstream("Nextcloud refused the app's credentials (check APP_SECRET and that the app "
                    "is registered and enabled)");
  }
  if (status == 429 || (envelope && envelope->ocs_status == 429)) {
    log::error("nextcloud throttles the app", {{"http_status", status}});
    return upstream("Nextcloud throttles this address after failed logins; an admin can run "
                    "occ security:bruteforce:reset <ip>");
  }
  if (!envelope) {
    return upstream("Nextcloud answered HTTP " + std::to_string(status) + " without an OCS envelope");
  }
  return std::move(*envelope);
}

}  // namespace registre::nextcloud
