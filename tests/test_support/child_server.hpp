#pragma once
// The real registre-server binary as a child process on a free loopback port: the fault tests
// kill it with SIGKILL at a chosen moment and start it again on the same storage; the bench and
// the load test measure it over sockets, as in production, and read its memory from /proc.
// The child may be started with a file size limit (RLIMIT_FSIZE) and SIGXFSZ ignored, so that
// every write beyond the limit fails with EFBIG as on a full disk, without root or a loop mount.

#include <httplib.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace registre::test_support {

struct ChildOptions {
  std::string binary;       // the registre-server to run
  std::string storage_dir;
  std::string log_path;     // the child's stdout and stderr (appended); empty: a pipe nobody reads
  std::string static_dir;   // --static-dir, when not empty
  bool standalone = true;   // else Nextcloud mode: give the AppAPI variables in env
  int threads = 4;
  std::vector<std::string> extra_args;                   // after the standard ones
  std::vector<std::pair<std::string, std::string>> env;  // added to a cleaned environment
  std::optional<rlim_t> file_size_limit;                 // RLIMIT_FSIZE in bytes, SIGXFSZ ignored
};

struct ProcessMemory {
  long peak_kib = 0;     // VmHWM: the most resident memory the process has had
  long current_kib = 0;  // VmRSS
};

class ChildServer {
 public:
  // Starts the binary and waits until GET /heartbeat answers 200; throws std::runtime_error
  // (with the log's tail) when it exits or stays silent for 30 s.
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
  // From /proc/<pid>/status; throws std::runtime_error when it cannot be read.
  ProcessMemory memory() const;

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

// A loopback port nothing listens on now (the kernel's choice for port 0).
int free_loopback_port();

// The last `bytes` of a file, for failure messages.
std::string tail_of(const std::string& path, std::size_t bytes = 2000);

}  // namespace registre::test_support
