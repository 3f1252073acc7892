#include "crypto/key_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace registre::crypto {
namespace fs = std::filesystem;
namespace {

constexpr const char* kHeader = "registre-keys-v1";
constexpr const char* kLedgerKey = "ledger-signing-ed25519";

// Writes `content` to `path` so that a crash leaves either no file or the whole file.
Status write_atomically(const fs::path& path, const std::string& content) {
  const fs::path temporary = path.string() + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return unavailable_error("cannot create the key store " + temporary.string());
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  const bool ok = written == content.size() && ::fsync(fd) == 0;
  ::close(fd);
  std::error_code ec;
  if (!ok) {
    fs::remove(temporary, ec);
    return unavailable_error("cannot write the key store " + temporary.string());
  }
  fs::rename(temporary, path, ec);
  if (ec)
    return unavailable_error("cannot install the key store " + path.string() + ": " + ec.message());
  return ok_status();
}

}  // namespace

KeyStore::KeyStore(std::string storage_dir) : storage_dir_(std::move(storage_dir)) {}

std::string KeyStore::file_path() const {
  return (fs::path(storage_dir_) / "keys" / "registre.keys").string();
}

Result<bool> KeyStore::load() {
  if (loaded_) return true;
  std::ifstream in(file_path());
  if (!in) {
    std::error_code ec;
    if (fs::exists(file_path(), ec))
      return unavailable_error("cannot read the key store " + file_path());
    return false;
  }
  std::string header, name, hex;
  std::getline(in, header);
  in >> name >> hex;
  std::string secret;
  SigningKey key;
  if (header != kHeader || name != kLedgerKey || !from_hex(hex, secret) ||
      !SigningKey::from_secret(secret, key)) {
    return unavailable_error("the key store " + file_path() +
                             " is damaged: it is left as is; restore it from a backup");
  }
  key_ = std::move(key);
  loaded_ = true;
  return true;
}

Result<SigningKey> KeyStore::ledger_signing_key() {
  std::lock_guard lock(mutex_);
  auto loaded = load();
  if (!loaded) return std::move(loaded).error();
  if (loaded.value()) return key_;
  std::error_code ec;
  const fs::path dir = fs::path(file_path()).parent_path();
  fs::create_directories(dir, ec);
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec)
    return unavailable_error("cannot create the key store directory " + dir.string() + ": " +
                             ec.message());
  SigningKey key = SigningKey::generate();
  // Appended piece by piece: GCC 12 at -O2 misreads the equivalent chain of operator+ as an
  // out-of-bounds copy (-Warray-bounds, a known false positive).
  std::string content(kHeader);
  content.append("\n").append(kLedgerKey).append(" ").append(to_hex(key.secret())).append("\n");
  auto written = write_atomically(file_path(), content);
  std::fill(content.begin(), content.end(), '\0');
  if (!written) return std::move(written).error();
  key_ = std::move(key);
  loaded_ = true;
  return key_;
}

Result<std::string> KeyStore::existing_public_key() {
  std::lock_guard lock(mutex_);
  auto loaded = load();
  if (!loaded) return std::move(loaded).error();
  if (!loaded.value()) return std::string();
  return key_.public_key_hex();
}

}  // namespace registre::crypto
