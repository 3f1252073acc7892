#pragma once
// The real application, standalone (every request is the local administrator's), on a storage
// directory of its own, answering HTTP requests given as bytes in memory: no socket is bound.
// Requests go through httplib's own request parsing, routing, error and exception handlers,
// exactly as they would from the network. Used by fuzz_routes and routes_seed_generator.

#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "application.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"

namespace registre::fuzz {

// An httplib::Stream over a request held in memory (a copy); what the server writes is collected.
class MemoryStream final : public httplib::Stream {
 public:
  explicit MemoryStream(std::string request) : in_(std::move(request)) {}

  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, in_.size() - pos_);
    std::copy_n(in_.data() + pos_, n, ptr);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 50000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8780;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

  const std::string& written() const { return out_; }

 private:
  std::string in_;
  size_t pos_ = 0;
  std::string out_;
};

// Server::process_request is protected: a derived class may name it to form a pointer to
// member, which is then called on the application's own server (no cast, no copy).
struct RequestProcessor : httplib::Server {
  static bool process(httplib::Server& server, httplib::Stream& stream) {
    static constexpr auto member = &RequestProcessor::process_request;
    bool closed = false;
    return (server.*member)(stream, /*close_connection=*/true, closed, [](httplib::Request&) {});
  }
};

struct Answer {
  int status = 0;    // 0 when httplib wrote nothing (it could not read a request at all)
  std::string text;  // the whole response, status line and headers included
};

class InProcessApp {
 public:
  // A fresh storage directory (in /dev/shm when there is one: the database is rewritten often).
  InProcessApp() {
    namespace fs = std::filesystem;
    const fs::path base =
        fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    static int generation = 0;
    storage_ =
        (base / ("registre-fuzz-" + std::to_string(getpid()) + "-" + std::to_string(++generation)))
            .string();
    fs::remove_all(storage_);
    Config config;
    config.standalone = true;
    config.storage_dir = storage_;
    config.threads = 2;
    config.static_dir = REGISTRE_FUZZ_STATIC_DIR;
    config.webhook_max_attempts = 1;  // the fuzzer's subscriptions lead nowhere
    auto created = Application::create(config, clock_);
    if (!created)
      throw std::runtime_error("cannot create the application: " + created.error().detail);
    app_ = std::move(created).value();
  }
  ~InProcessApp() {
    app_.reset();
    std::error_code ec;
    std::filesystem::remove_all(storage_, ec);
  }
  InProcessApp(const InProcessApp&) = delete;
  InProcessApp& operator=(const InProcessApp&) = delete;

  Application& app() { return *app_; }

  // Feeds one raw HTTP/1.1 request to the server and returns its answer.
  Answer send(std::string_view raw_request) {
    MemoryStream stream{std::string(raw_request)};
    RequestProcessor::process(app_->http_server(), stream);
    Answer answer;
    answer.text = stream.written();
    // "HTTP/1.1 200 OK\r\n..."
    if (answer.text.size() >= 12 && answer.text.rfind("HTTP/1.1 ", 0) == 0) {
      answer.status = std::stoi(answer.text.substr(9, 3));
    }
    return answer;
  }

 private:
  SystemClock clock_;
  std::string storage_;
  std::unique_ptr<Application> app_;
};

// The fuzz input format, kept readable so that seeds can be written by hand:
//   METHOD SP target LF
//   (Header-Name: value LF)*
//   LF
//   body
// becomes an HTTP/1.1 request with Host, a JSON Content-Type unless one is given, and the right
// Content-Length, so that mutations of the body are not lost to a wrong length.
inline std::string to_http_request(std::string_view input) {
  std::string out;
  const auto line_end = input.find('\n');
  const std::string_view request_line = input.substr(0, line_end);
  std::string_view rest =
      line_end == std::string_view::npos ? std::string_view{} : input.substr(line_end + 1);
  out.append(request_line);
  out += " HTTP/1.1\r\nHost: localhost\r\n";
  bool has_type = false;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    if (line.empty()) break;
    if (line.size() >= 13 &&
        (line.substr(0, 13) == "Content-Type:" || line.substr(0, 13) == "content-type:")) {
      has_type = true;
    }
    out.append(line);
    out += "\r\n";
  }
  if (!has_type) out += "Content-Type: application/json\r\n";
  out += "Content-Length: " + std::to_string(rest.size()) + "\r\n\r\n";
  out.append(rest);
  return out;
}

}  // namespace registre::fuzz
