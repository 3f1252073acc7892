#pragma once
// The real registre-server binary as a child process on a free loopback port, so that load is
// measured over sockets as in production and its memory can be read from /proc.

#include <sys/types.h>

#include <memory>
#include <string>

#include "core/result.hpp"

namespace registre::bench {

struct ServerMemory {
  long peak_kib = 0;     // VmHWM: the most resident memory the process has had
  long current_kib = 0;  // VmRSS
};

class ServerProcess {
 public:
  // Starts `binary --standalone --host 127.0.0.1 --port <free> --storage <dir> --threads <n>`
  // with its output in `log_path`, and waits until GET /heartbeat answers 200 (30 s at most).
  static Result<std::unique_ptr<ServerProcess>> start(const std::string& binary,
                                                      const std::string& storage_dir, int threads,
                                                      const std::string& log_path);
  ~ServerProcess();  // SIGTERM, then SIGKILL after 10 s
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  Result<ServerMemory> memory() const;
  // True while the child has not exited.
  bool running();
  // Stops it (as the destructor does) and returns its exit status, or -1 when it was killed.
  int stop();

 private:
  ServerProcess(pid_t pid, int port) : pid_(pid), port_(port) {}
  pid_t pid_;
  int port_;
  bool reaped_ = false;
  int exit_status_ = -1;
};

// A loopback port nothing listens on now (the kernel's choice for port 0).
Result<int> free_loopback_port();

}  // namespace registre::bench
