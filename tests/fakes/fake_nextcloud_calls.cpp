// The fake's client side: Nextcloud -> app calls, replaying captured request headers.
#include <sodium.h>
#include <strings.h>

#include <stdexcept>

#include "fake_nextcloud.hpp"

namespace registre::fakes {
namespace {

// Nextcloud waits 60 s for PUT /enabled; the app's answer may take a while (NEXTCLOUD.md §2).
constexpr time_t kReadTimeoutSeconds = 75;

// AUTHORIZATION-APP-API: standard padded base64 of "<user>:<secret>" (NEXTCLOUD.md §1).
std::string app_api_authorization(const std::string& user) {
  const std::string plain = user + ":" + FakeNextcloud::kSecret;
  constexpr int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(plain.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(plain.data()),
                    plain.size(), variant);
  out.resize(out.find('\0'));  // the encoded length counts the terminating NUL
  return out;
}

void replace_header(httplib::Headers& headers, const std::string& name, const std::string& value) {
  headers.erase(name);  // case-insensitive, like the lookup
  headers.emplace(name, value);
}

}  // namespace

httplib::Headers FakeNextcloud::captured_headers(const Exchange& e) {
  httplib::Headers out;
  for (const auto& [name, value] : e.request_headers.items()) {
    if (strcasecmp(name.c_str(), "Content-Length") == 0) continue;
    if (value.is_array()) {
      for (const auto& v : value)
        out.emplace(name, v.get<std::string>());
    } else {
      out.emplace(name, value.get<std::string>());
    }
  }
  return out;
}

FakeNextcloud::AppAnswer FakeNextcloud::heartbeat() {
  return send_captured(heartbeat_);
}

FakeNextcloud::AppAnswer FakeNextcloud::init() {
  return send_captured(init_);
}

FakeNextcloud::AppAnswer FakeNextcloud::set_enabled(bool on) {
  return send_captured(on ? enabled_on_ : enabled_off_);
}

FakeNextcloud::AppAnswer FakeNextcloud::proxy(const std::string& method,
                                              const std::string& path_and_query,
                                              const std::string& user, const std::string& body,
                                              const std::string& content_type) {
  // A captured forward of the same kind: with a body, one that carried a JSON body (its
  // Content-Type and Accept differ from the GET's). Only the user in AUTHORIZATION-APP-API changes.
  const bool with_body = !body.empty() || !content_type.empty();
  const Exchange& e = user.empty() ? (with_body ? proxy_anon_body_ : proxy_anon_)
                                   : (with_body ? proxy_user_body_ : proxy_user_);
  auto headers = captured_headers(e);
  replace_header(headers, "AUTHORIZATION-APP-API", app_api_authorization(user));
  if (!content_type.empty()) replace_header(headers, "Content-Type", content_type);
  // The proxy forwards the browser's Host: Nextcloud's own address (NEXTCLOUD.md §8), the fake's.
  return call_app(method, path_and_query, std::move(headers), body,
                  "127.0.0.1:" + std::to_string(port_));
}

FakeNextcloud::AppAnswer FakeNextcloud::deliver(const std::string& file, int seq,
                                                const std::string& path,
                                                const std::optional<std::string>& body) {
  const Exchange e = find_exchange(file, seq);
  if (e.direction != "nc->exapp") throw std::logic_error("FakeNextcloud: not a delivery record");
  return call_app(e.method, path, captured_headers(e), body.value_or(e.request_body.value_or("")),
                  app_host_port());
}

FakeNextcloud::AppAnswer FakeNextcloud::raw(const std::string& method, const std::string& path,
                                            const httplib::Headers& headers,
                                            const std::string& body) {
  return call_app(method, path, headers, body, /*host_header=*/"");
}

std::string FakeNextcloud::app_host_port() const {
  std::lock_guard lock(mu_);
  return app_host_ + ":" + std::to_string(app_port_);
}

FakeNextcloud::AppAnswer FakeNextcloud::send_captured(const Exchange& e) {
  return call_app(e.method, e.path, captured_headers(e), e.request_body.value_or(""),
                  app_host_port());
}

FakeNextcloud::AppAnswer FakeNextcloud::call_app(const std::string& method, const std::string& path,
                                                 httplib::Headers headers, const std::string& body,
                                                 const std::string& host_header) {
  std::string host;
  int port = 0;
  {
    std::lock_guard lock(mu_);
    host = app_host_;
    port = app_port_;
  }
  if (port == 0) throw std::logic_error("FakeNextcloud: call set_app() before calling the app");
  if (!host_header.empty()) replace_header(headers, "Host", host_header);

  httplib::Client client(host, port);
  client.set_read_timeout(kReadTimeoutSeconds, 0);
  client.set_keep_alive(
      true);  // else httplib adds "Connection: close", which Nextcloud never sends
  client.set_url_encode(false);  // send the path byte for byte (httplib would turn '+' into %2B)

  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers = std::move(headers);
  req.body = body;

  AppAnswer answer;
  answer.method = method;
  answer.path = path;
  auto result = client.send(req);
  if (!result) {
    answer.error = httplib::to_string(result.error());
    return answer;
  }
  answer.status = result->status;
  answer.body = result->body;
  answer.headers = result->headers;
  return answer;
}

}  // namespace registre::fakes
