#include "test_support/child_server.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace registre::test_support {
namespace {

// The test's environment without what would configure the server behind the test's back (an
// APP_SECRET makes standalone mode refuse to start); the sanitizers' options pass through.
std::vector<std::string> child_environment(const ChildOptions& options) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('='));
    if (name.rfind("APP_", 0) == 0 || name.rfind("REGISTRE_", 0) == 0 || name == "NEXTCLOUD_URL" ||
        name == "AA_VERSION")
      continue;
    out.push_back(entry);
  }
  for (const auto& [name, value] : options.env)
    out.push_back(name + "=" + value);
  return out;
}

}  // namespace

int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot find a free loopback port");
  return int(ntohs(address.sin_port));
}

std::string tail_of(const std::string& path, std::size_t bytes) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  return all.size() > bytes ? all.substr(all.size() - bytes) : all;
}

ChildServer::ChildServer(ChildOptions options) : options_(std::move(options)) {
  port_ = free_loopback_port();
  std::vector<std::string> args = {options_.binary, "--host",    "127.0.0.1",
                                   "--port",        std::to_string(port_),
                                   "--storage",     options_.storage_dir,
                                   "--threads",     std::to_string(options_.threads)};
  if (options_.standalone) args.insert(args.begin() + 1, "--standalone");
  if (!options_.static_dir.empty()) args.insert(args.end(), {"--static-dir", options_.static_dir});
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  std::vector<std::string> env = child_environment(options_);
  // Built before fork(): the child calls only async-signal-safe functions.
  std::vector<char*> argv, envp;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  int log_fd = -1;
  if (options_.log_path.empty()) {
    // A pipe whose reading end is closed before the child writes: every log line fails with
    // EPIPE (and SIGPIPE), as when the log collector has gone.
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) throw std::runtime_error("pipe2() failed");
    ::close(ends[0]);
    log_fd = ends[1];
  } else {
    log_fd = ::open(options_.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  }
  if (log_fd < 0) throw std::runtime_error("cannot open " + options_.log_path);
  const bool limited = options_.file_size_limit.has_value();
  const rlimit limit{limited ? *options_.file_size_limit : RLIM_INFINITY,
                     limited ? *options_.file_size_limit : RLIM_INFINITY};
  pid_ = ::fork();
  if (pid_ < 0) {
    ::close(log_fd);
    throw std::runtime_error("fork() failed");
  }
  if (pid_ == 0) {
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    if (limited) {
      // An ignored disposition survives exec: a write past the limit then fails with EFBIG
      // instead of killing the process, which is what a full disk looks like to the server.
      ::signal(SIGXFSZ, SIG_IGN);
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(log_fd);

  httplib::Client probe("127.0.0.1", port_);
  probe.set_connection_timeout(1, 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!running()) {
      throw std::runtime_error("the server ended at start (" + ended_ +
                               "): " + tail_of(options_.log_path));
    }
    auto res = probe.Get("/heartbeat");
    if (res && res->status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill9();
  throw std::runtime_error("the server did not answer /heartbeat within 30 s: " +
                           tail_of(options_.log_path));
}

ChildServer::~ChildServer() {
  stop();
}

void ChildServer::reap(int status) {
  reaped_ = true;
  exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  ended_ = WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                             : "signal " + std::to_string(WTERMSIG(status));
}

bool ChildServer::running() {
  if (reaped_ || pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    reap(status);
    return false;
  }
  return true;
}

void ChildServer::kill9() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  if (::waitpid(pid_, &status, 0) == pid_) reap(status);
}

int ChildServer::stop() {
  if (!running()) return exit_status_;
  ::kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill9();
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return exit_status_;
}

ProcessMemory ChildServer::memory() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  ProcessMemory m;
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) m.peak_kib = std::stol(line.substr(6));
    if (line.rfind("VmRSS:", 0) == 0) m.current_kib = std::stol(line.substr(6));
  }
  if (m.peak_kib == 0) throw std::runtime_error("no VmHWM in /proc/<pid>/status");
  return m;
}

httplib::Client ChildServer::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_connection_timeout(2, 0);
  c.set_read_timeout(60, 0);
  return c;
}

}  // namespace registre::test_support
