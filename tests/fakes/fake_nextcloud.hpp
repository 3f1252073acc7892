// A fake Nextcloud 32 for the app's tests, driven only by captured traffic
// (tests/fixtures/nextcloud32).
//
// It plays both roles of the real server:
//  - it answers the app's calls (OCS, WebDAV...) with captured responses, records every request
//    and reproduces the re-entrant enable (at progress 100 it calls the app back, then answers);
//  - it calls the app the way Nextcloud does (heartbeat, init, enabled, proxied browser requests),
//    with captured request headers.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "fixtures.hpp"

namespace registre::fakes {

class FakeNextcloud {
 public:
  // A request the app sent to the fake.
  struct RecordedRequest {
    std::string method;
    std::string path;  // with the query string exactly as received
    std::string body;
    httplib::Headers headers;
    std::optional<nlohmann::json> json() const;         // nullopt if the body is empty or not JSON
    std::string header(const std::string& name) const;  // case-insensitive; "" when absent
  };

  // The app's answer to a call made by the fake. status 0 means no HTTP answer (see `error`).
  struct AppAnswer {
    std::string method, path;
    int status = 0;
    std::string body;
    httplib::Headers headers;
    std::string error;  // httplib's error name when the call failed (refused, timeout...)
  };

  // The app's secret in every captured AUTHORIZATION-APP-API value.
  static constexpr const char* kSecret =
      "test-secret-0123456789abcdefghijklmnopqrstuvwxyz+/ABCDEFGHIJ";

  // `fixture_files` (relative to fixtures_dir()) provide the answers to the app's calls. The
  // records the fake itself sends (lifecycle, proxy) and its fixed error answers are always read
  // from lifecycle.jsonl, ui.jsonl and proxy.jsonl.
  explicit FakeNextcloud(std::vector<std::string> fixture_files = {"lifecycle.jsonl", "ui.jsonl",
                                                                   "provisioning.jsonl",
                                                                   "auth-errors.jsonl"});
  ~FakeNextcloud();
  FakeNextcloud(const FakeNextcloud&) = delete;
  FakeNextcloud& operator=(const FakeNextcloud&) = delete;

  std::string url() const;  // "http://127.0.0.1:<port>"
  int port() const { return port_; }

  // ---- What the app sent.
  std::vector<RecordedRequest> requests() const;  // arrival order
  std::vector<RecordedRequest> requests_to(const std::string& method,
                                           const std::string& path_prefix) const;
  // Waits (condition variable) until `count` requests matching method + path prefix have arrived.
  bool wait_for_request(const std::string& method, const std::string& path_prefix,
                        std::chrono::milliseconds timeout, size_t count = 1) const;
  void clear();  // forgets recorded requests and enable results; keeps overrides and fail_auth

  // ---- How the fake answers.
  // Forces captured record `seq_in_file` of `file` as the answer for (method, path without query).
  void answer_with(const std::string& method, const std::string& path_without_query,
                   int seq_in_file, const std::string& file);
  void clear_overrides();
  // When on, every app call gets the captured 401 "AppAPI authentication failed" (lifecycle 45).
  void fail_auth(bool on);

  // ---- webhook_listeners with state (see tests/fixtures/nextcloud32/README.md): registrations
  // are kept, listed, deleted by id or by app id. `refused_events` get the captured 400 ("is not
  // an event class compatible with webhooks", webhooks seq 8), as when Forms is not installed.
  void enable_webhook_registry(std::vector<std::string> refused_events = {});
  nlohmann::json registered_webhooks() const;  // the registry's current list
  // Registers a webhook directly (as another app, or a duplicate left by a crash).
  void preregister_webhook(const nlohmann::json& request_body, const std::string& app_id);

  // ---- Re-entrant enable: needs the app's address.
  void set_app(const std::string& host, int port);
  // The app's answers to the heartbeat + PUT /enabled?enabled=1 made inside progress-100 reports.
  std::vector<AppAnswer> enable_results() const;

  // ---- Nextcloud -> app calls (captured headers, Host rewritten). Need set_app() first.
  AppAnswer heartbeat();           // lifecycle seq 1
  AppAnswer init();                // lifecycle seq 2, empty body
  AppAnswer set_enabled(bool on);  // lifecycle seq 8 (=1) / seq 11 (=0), empty body
  // A browser request forwarded by Nextcloud's proxy, as the app receives it. `path_and_query` is
  // sent as given (encode it the way Nextcloud does). user "" = anonymous, on a PUBLIC route.
  AppAnswer proxy(const std::string& method, const std::string& path_and_query,
                  const std::string& user, const std::string& body = "",
                  const std::string& content_type = "");
  // A captured webhook delivery (an nc->exapp record of `file`), sent to `path` (the uri the app
  // registered) with its captured headers and body; `body` replaces the body when given.
  AppAnswer deliver(const std::string& file, int seq, const std::string& path,
                    const std::optional<std::string>& body = std::nullopt);
  // Sends exactly `headers` (plus what httplib adds: Host and Accept if absent, Content-Length).
  AppAnswer raw(const std::string& method, const std::string& path, const httplib::Headers& headers,
                const std::string& body = "");

  // A record's request headers as httplib::Headers (a list value becomes repeated headers), without
  // Content-Length: httplib computes it from the body actually sent.
  static httplib::Headers captured_headers(const Exchange& e);

 private:
  using RouteKey = std::pair<std::string, std::string>;  // method, path without query
  struct Reply {
    int status;
    std::string body, content_type;
    bool success;
  };

  void handle(const httplib::Request& req, httplib::Response& res);
  Reply choose_reply(const RecordedRequest& rec) const;
  std::optional<Reply> webhook_registry_reply(const RecordedRequest& rec);
  const Exchange* match(const RecordedRequest& rec) const;
  void run_enable_callbacks();
  AppAnswer send_captured(const Exchange& e);  // e's method, path, headers and body; Host = the app
  AppAnswer call_app(const std::string& method, const std::string& path, httplib::Headers headers,
                     const std::string& body, const std::string& host_header);
  std::string app_host_port() const;

  // Immutable after construction: read without the lock.
  std::map<RouteKey, std::vector<Exchange>> routes_;  // exapp->nc records, in file order
  Exchange not_found_;                                // ui seq 8: OCS v1 failure envelope (404)
  Exchange auth_failed_;                              // lifecycle seq 45: 401 AppAPI auth failed
  // Requests the fake sends to the app (see the .cpp files for the seq numbers).
  Exchange heartbeat_, init_, enable_heartbeat_, enabled_on_, enabled_off_;
  Exchange proxy_user_, proxy_user_body_, proxy_anon_, proxy_anon_body_;

  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;

  mutable std::mutex mu_;
  mutable std::condition_variable arrived_;
  std::vector<RecordedRequest> requests_;
  std::vector<AppAnswer> enable_results_;
  std::map<RouteKey, Exchange> overrides_;
  bool fail_auth_ = false;
  bool webhook_registry_ = false;
  std::vector<std::string> refused_events_;
  std::vector<nlohmann::json> webhooks_;  // registered, in order
  std::int64_t next_webhook_id_ = 100;
  std::string app_host_;
  int app_port_ = 0;
};

}  // namespace registre::fakes
