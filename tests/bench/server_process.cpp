#include "server_process.hpp"

#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

namespace registre::bench {

Result<int> free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return make_error(ErrorKind::internal, "bench", "socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  ::close(fd);
  if (!ok) return make_error(ErrorKind::internal, "bench", "cannot find a free loopback port");
  return int(ntohs(address.sin_port));
}

Result<std::unique_ptr<ServerProcess>> ServerProcess::start(const std::string& binary,
                                                            const std::string& storage_dir,
                                                            int threads,
                                                            const std::string& log_path) {
  auto port = free_loopback_port();
  if (!port) return std::move(port).error();
  std::vector<std::string> args = {binary,      "--standalone",
                                   "--host",    "127.0.0.1",
                                   "--port",    std::to_string(port.value()),
                                   "--storage", storage_dir,
                                   "--threads", std::to_string(threads)};
  const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0) return make_error(ErrorKind::internal, "bench", "cannot open " + log_path);
  std::vector<char*> argv;  // built before fork(): the child only calls async-signal-safe functions
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    return make_error(ErrorKind::internal, "bench", "fork() failed");
  }
  if (pid == 0) {
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(log_fd);
  std::unique_ptr<ServerProcess> server(new ServerProcess(pid, port.value()));

  httplib::Client client("127.0.0.1", port.value());
  client.set_connection_timeout(1, 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!server->running()) {
      return make_error(ErrorKind::internal, "bench",
                        "the server exited at start (status " +
                            std::to_string(server->exit_status_) + "); see " + log_path);
    }
    auto res = client.Get("/heartbeat");
    if (res && res->status == 200) return server;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return make_error(ErrorKind::internal, "bench",
                    "the server did not answer /heartbeat within 30 s; see " + log_path);
}

bool ServerProcess::running() {
  if (reaped_) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    reaped_ = true;
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return false;
  }
  return true;
}

int ServerProcess::stop() {
  if (!running()) return exit_status_;
  ::kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      reaped_ = true;
      exit_status_ = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return exit_status_;
}

ServerProcess::~ServerProcess() {
  stop();
}

Result<ServerMemory> ServerProcess::memory() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  if (!status) return make_error(ErrorKind::internal, "bench", "cannot read /proc/<pid>/status");
  ServerMemory m;
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) m.peak_kib = std::stol(line.substr(6));
    if (line.rfind("VmRSS:", 0) == 0) m.current_kib = std::stol(line.substr(6));
  }
  if (m.peak_kib == 0)
    return make_error(ErrorKind::internal, "bench", "no VmHWM in /proc/<pid>/status");
  return m;
}

}  // namespace registre::bench
