#include "crypto/key_store.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "crypto/sodium.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("the key store creates the signing key once, private to the service, and reads it back") {
  REQUIRE(crypto::initialize());
  test_support::TempDir dir;
  std::string public_key;
  {
    crypto::KeyStore keys(dir.path());
    CHECK(keys.existing_public_key().value().empty());  // nothing created by asking
    CHECK_FALSE(std::filesystem::exists(keys.file_path()));
    auto key = keys.ledger_signing_key();
    REQUIRE(key.ok());
    public_key = key->public_key_hex();
    CHECK(keys.existing_public_key().value() == public_key);
    struct stat file_info {
    }, dir_info{};
    REQUIRE(::stat(keys.file_path().c_str(), &file_info) == 0);
    REQUIRE(::stat((dir.path() + "/keys").c_str(), &dir_info) == 0);
    CHECK((file_info.st_mode & 0777) == 0600);
    CHECK((dir_info.st_mode & 0777) == 0700);
    CHECK(read_file(keys.file_path()).rfind("registre-keys-v1\nledger-signing-ed25519 ", 0) == 0);
    CHECK_FALSE(std::filesystem::exists(keys.file_path() + ".tmp"));
  }
  crypto::KeyStore reopened(dir.path());
  auto key = reopened.ledger_signing_key();
  REQUIRE(key.ok());
  CHECK(key->public_key_hex() == public_key);
}

TEST_CASE("a damaged key store is refused and left as it is") {
  REQUIRE(crypto::initialize());
  test_support::TempDir dir;
  crypto::KeyStore keys(dir.path());
  REQUIRE(keys.ledger_signing_key().ok());
  std::string content = read_file(keys.file_path());
  content[content.size() - 5] = content[content.size() - 5] == 'a' ? 'b' : 'a';
  std::ofstream(keys.file_path(), std::ios::trunc) << content;
  crypto::KeyStore damaged(dir.path());
  auto key = damaged.ledger_signing_key();
  REQUIRE_FALSE(key.ok());
  CHECK(key.error().kind == ErrorKind::unavailable);
  CHECK_FALSE(damaged.existing_public_key().ok());
  CHECK(read_file(keys.file_path()) == content);  // not replaced by a fresh key
}
