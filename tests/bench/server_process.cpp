#include "server_process.hpp"

#include <filesystem>
#include <stdexcept>

namespace registre::bench {

Result<std::string> empty_static_dir(const std::string& parent) {
  const std::string dir = (std::filesystem::path(parent) / "static-empty").string();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return make_error(ErrorKind::internal, "bench", "cannot create " + dir);
  return dir;
}

Result<std::unique_ptr<ServerProcess>> start_server(const std::string& binary,
                                                    const std::string& storage_dir, int threads,
                                                    const std::string& log_path) {
  test_support::ChildOptions options;
  options.binary = binary;
  options.storage_dir = storage_dir;
  options.log_path = log_path;
  options.threads = threads;
  auto static_dir = empty_static_dir(std::filesystem::path(log_path).parent_path().string());
  if (!static_dir) return std::move(static_dir).error();
  options.static_dir = static_dir.value();
  try {
    return std::make_unique<ServerProcess>(std::move(options));
  } catch (const std::exception& e) {
    return make_error(ErrorKind::internal, "bench", e.what());
  }
}

}  // namespace registre::bench
