#pragma once
// The real registre-server binary as a child process on a free loopback port, which a test can
// kill -9 at a chosen moment and start again on the same storage. The child may be started with
// a file size limit (RLIMIT_FSIZE) and SIGXFSZ ignored, so that every write beyond the limit
// fails with EFBIG as on a full disk, without root or a loop mount.

#include <httplib.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace registre::faults {

struct ChildOptions {
  std::string storage_dir;
  std::string log_path;                 // the child's stdout and stderr (appended)
  bool standalone = true;               // else Nextcloud mode: give the AppAPI variables in env
  std::vector<std::string> extra_args;  // after the standard ones
  std::vector<std::pair<std::string, std::string>> env;  // added to a cleaned environment
  std::optional<rlim_t> file_size_limit;                 // RLIMIT_FSIZE in bytes, SIGXFSZ ignored
};

class ChildServer {
 public:
  // Starts the binary (REGISTRE_SERVER_BINARY) and waits until GET /heartbeat answers 200; throws
  // std::runtime_error (with the log's tail) when it exits or stays silent for 30 s.
  explicit ChildServer(ChildOptions options);
  ~ChildServer();  // SIGTERM, then SIGKILL after 10 s
  ChildServer(const ChildServer&) = delete;
  ChildServer& operator=(const ChildServer&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // True while the child has not exited (reaps it when it has).
  bool running();
  // How it ended once it has: "exit N" or "signal N".
  std::string how_it_ended() const { return ended_; }
  // SIGKILL now, and reap: nothing in the child gets to run any more.
  void kill9();
  // SIGTERM, wait (SIGKILL after 10 s); returns the exit status, -1 when it had to be killed.
  int stop();

  httplib::Client client() const;

 private:
  ChildOptions options_;
  pid_t pid_ = -1;
  int port_ = 0;
  bool reaped_ = false;
  int exit_status_ = -1;
  std::string ended_;
  void reap(int status);
};

// The last `bytes` of a file, for failure messages.
std::string tail_of(const std::string& path, std::size_t bytes = 2000);

}  // namespace registre::faults
