#pragma once
// Starts the real service in the test process on a free loopback port, and stops it at the end.

#include <httplib.h>

#include <memory>
#include <thread>

#include "application.hpp"
#include "core/clock.hpp"
#include "fakes/fake_nextcloud.hpp"
#include "test_support/temp_dir.hpp"

namespace registre::test_support {

// A Nextcloud-mode configuration pointing at `nextcloud_url`, as AppAPI would set it.
inline Config nextcloud_config(const std::string& nextcloud_url) {
  Config c;
  c.app_id = "registre";
  c.app_version = "0.1.0";
  c.app_secret = fakes::FakeNextcloud::kSecret;
  c.aa_version = "32.0.0";
  c.host = "127.0.0.1";
  c.port = 0;  // any free port
  c.nextcloud_url = nextcloud_url;
  c.threads = 8;
  c.static_dir = REGISTRE_SOURCE_DIR "/tests/fixtures/static-assets";
  return c;
}

inline Config standalone_config() {
  Config c;
  c.standalone = true;
  c.host = "127.0.0.1";
  c.port = 0;
  c.threads = 4;
  c.static_dir = REGISTRE_SOURCE_DIR "/tests/fixtures/static-assets";
  return c;
}

class RunningApp {
 public:
  explicit RunningApp(Config config) {
    config.storage_dir = storage_.file("storage");
    auto created = Application::create(config, clock_);
    if (!created) throw std::runtime_error("cannot create the app: " + created.error().detail);
    app_ = std::move(created).value();
    auto port = app_->bind();
    if (!port) throw std::runtime_error("cannot bind: " + port.error().detail);
    port_ = port.value();
    thread_ = std::thread([this] { app_->run(); });
    storage_dir_ = config.storage_dir;
  }
  ~RunningApp() {
    app_->stop();
    thread_.join();
    app_.reset();
  }
  RunningApp(const RunningApp&) = delete;
  RunningApp& operator=(const RunningApp&) = delete;

  int port() const { return port_; }
  Application& app() { return *app_; }
  const std::string& storage_dir() const { return storage_dir_; }

  // A plain client for requests that Nextcloud would not send (no AppAPI headers at all).
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    return c;
  }

 private:
  TempDir storage_;
  SystemClock clock_;
  std::unique_ptr<Application> app_;
  std::thread thread_;
  int port_ = 0;
  std::string storage_dir_;
};

}  // namespace registre::test_support
