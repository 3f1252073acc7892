// registre-server: parses the configuration, starts the service, and stops it cleanly on
// SIGTERM / SIGINT (requests in flight finish, the database is closed).

#include <signal.h>

#include <cstdio>
#include <iostream>
#include <thread>

#include "application.hpp"
#include "backup_command.hpp"
#include "core/config.hpp"
#include "core/log.hpp"
#include "crypto/sodium.hpp"
#include "verify_ledger_command.hpp"

using namespace registre;

int main(int argc, char** argv) {
  auto command = parse_command_line(process_environment(),
                                     std::vector<std::string>(argv + 1, argv + argc));
  if (!command) {
    std::cerr << "registre-server: cannot start, the configuration has errors:\n";
    for (const auto& f : command.error().fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
    std::cerr << "Run registre-server --help for the list of settings.\n";
    return 2;
  }
  if (command->kind == CommandKind::help) {
    std::cout << usage_text();
    return 0;
  }
  if (command->kind == CommandKind::version) {
    std::cout << "registre-server " << REGISTRE_VERSION << "\n";
    return 0;
  }
  const Config& config = command->config;
  log::set_level(config.log_level);
  if (!crypto::initialize()) {
    log::error("libsodium could not initialise");
    return 1;
  }
  if (command->kind == CommandKind::verify_ledger) {
    return run_verify_ledger(config.storage_dir, command->organization, std::cout, std::cerr);
  }
  if (command->kind == CommandKind::backup) {
    SystemClock clock;
    return run_backup(config.storage_dir, command->backup_to, clock, std::cout, std::cerr);
  }
  if (command->kind == CommandKind::restore) {
    SystemClock clock;
    return run_restore(config.storage_dir, command->restore_from, clock, std::cout, std::cerr);
  }

  // Block the stop signals in every thread; one thread waits for them and stops the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  SystemClock clock;
  auto app = Application::create(config, clock);
  if (!app) {
    log::error("cannot start", {{"detail", app.error().detail}});
    return 1;
  }
  auto port = app.value()->bind();
  if (!port) {
    log::error("cannot start", {{"detail", port.error().detail}});
    return 1;
  }
  if (config.standalone) {
    log::warn("STANDALONE MODE: no authentication, every request acts as the local administrator; "
              "for demos and tests only");
    std::printf("\nRegistre is running (standalone demo): http://%s:%d/\n\n",
                config.host.find(':') == std::string::npos ? config.host.c_str() : ("[" + config.host + "]").c_str(),
                port.value());
    std::fflush(stdout);
  }

  std::thread signal_waiter([&] {
    int received = 0;
    sigwait(&stop_signals, &received);
    log::info("stopping", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
    app.value()->stop();
  });
  app.value()->run();  // returns after stop(), once requests in flight are done
  if (signal_waiter.joinable()) {
    // run() can also end on its own (socket error): wake the waiter so it can be joined.
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
  }
  app.value().reset();  // stops the job runner and closes the database
  log::info("stopped");
  return 0;
}
