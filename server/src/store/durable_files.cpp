#include "store/durable_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace registre::store {
namespace fs = std::filesystem;
namespace {

std::string last_error() {
  return std::strerror(errno);
}

bool write_all(int fd, const char* data, std::size_t size) {
  std::size_t written = 0;
  while (written < size) {
    const ssize_t n = ::write(fd, data + written, size - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

Status sync_path(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return unavailable_error("cannot open " + path + ": " + last_error());
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return unavailable_error("cannot flush " + path + " to disk: " + last_error());
  return ok_status();
}

Status copy_file_durably(const std::string& from, const std::string& to) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return unavailable_error("cannot read " + from + ": " + last_error());
  const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0) {
    const std::string why = last_error();
    ::close(in);
    return unavailable_error("cannot create " + to + ": " + why);
  }
  bool ok = true;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(in, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false;
    if (n <= 0) break;
    if (!write_all(out, buffer, static_cast<std::size_t>(n))) {
      ok = false;
      break;
    }
  }
  ok = ok && ::fsync(out) == 0;
  const std::string why = last_error();
  ::close(in);
  ::close(out);
  if (!ok) return unavailable_error("cannot copy " + from + " to " + to + ": " + why);
  return ok_status();
}

Status write_file_durably(const std::string& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return unavailable_error("cannot create " + path + ": " + last_error());
  const bool ok = write_all(fd, content.data(), content.size()) && ::fsync(fd) == 0;
  const std::string why = last_error();
  ::close(fd);
  if (!ok) return unavailable_error("cannot write " + path + ": " + why);
  return ok_status();
}

Status create_private_directory(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return ok_status();
  fs::create_directories(path, ec);
  if (ec) return unavailable_error("cannot create the directory " + path + ": " + ec.message());
  fs::permissions(path, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) return unavailable_error("cannot make " + path + " private: " + ec.message());
  return ok_status();
}

}  // namespace registre::store
