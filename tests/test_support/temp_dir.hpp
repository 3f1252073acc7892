#pragma once
// A directory under /tmp that exists for the life of the object.

#include <filesystem>
#include <string>

#include "crypto/sodium.hpp"

namespace registre::test_support {

class TempDir {
 public:
  TempDir()
      : path_(std::filesystem::temp_directory_path() / ("registre-test-" + crypto::random_hex(8))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string path() const { return path_.string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace registre::test_support
