// The member key store and sealing: keys persist across opens, a destroyed key leaves no byte in
// the store's files, and a sealed value opens only with its key and its owner.
#include "crypto/member_key_store.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "crypto/sealing.hpp"
#include "crypto/sodium.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;

namespace {

// All the bytes of every file of the key store (database, log, shared memory).
std::string store_bytes(const std::string& dir) {
  std::string all;
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/keys")) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    all += s.str();
  }
  return all;
}

}  // namespace

TEST_CASE("a member's key is created once, kept across opens, and destroyed without a trace") {
  REQUIRE(crypto::initialize());
  test_support::TempDir dir;
  const std::string storage = dir.file("storage");
  std::filesystem::create_directories(storage);
  crypto::MemberKey first{};
  {
    crypto::MemberKeyStore keys(storage);
    CHECK_FALSE(keys.key_of("p1", false).value().has_value());
    first = keys.key_of("p1", true).value().value();
    CHECK(keys.key_of("p1", true).value().value() == first);
    CHECK(keys.key_of("p2", true).value().value() != first);
  }
  crypto::MemberKeyStore keys(storage);
  CHECK(keys.key_of("p1", false).value().value() == first);
  struct stat st {};
  REQUIRE(::stat(keys.file_path().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const std::string key_bytes(reinterpret_cast<const char*>(first.data()), first.size());
  CHECK(store_bytes(storage).find(key_bytes) != std::string::npos);  // the scan sees a live key

  REQUIRE(keys.destroy("p1"));
  CHECK_FALSE(keys.key_of("p1", false).value().has_value());
  CHECK(keys.destroy("p1"));  // idempotent
  CHECK(store_bytes(storage).find(key_bytes) == std::string::npos);
  CHECK(keys.pseudonyms().value() == std::vector<std::string>{"p2"});
}

TEST_CASE("a sealed value opens only with its key and the same associated data, unaltered") {
  REQUIRE(crypto::initialize());
  crypto::MemberKeyStore keys(":memory:");
  const auto key = keys.key_of("p1", true).value().value();
  const auto other = keys.key_of("p2", true).value().value();
  const std::string sealed = crypto::seal(key, R"({"sante":"asthme"})", "registre-sealed-v1:p1");
  CHECK(sealed.find("asthme") == std::string::npos);
  CHECK(crypto::seal(key, "x", "ad") != crypto::seal(key, "x", "ad"));  // a fresh nonce each time
  CHECK(crypto::unseal(key, sealed, "registre-sealed-v1:p1").value() == R"({"sante":"asthme"})");
  CHECK_FALSE(crypto::unseal(other, sealed, "registre-sealed-v1:p1"));
  CHECK_FALSE(crypto::unseal(key, sealed, "registre-sealed-v1:p2"));  // moved to another member
  std::string altered = sealed;
  altered[30] ^= 1;
  CHECK_FALSE(crypto::unseal(key, altered, "registre-sealed-v1:p1"));
  CHECK_FALSE(crypto::unseal(key, sealed.substr(0, 10), "registre-sealed-v1:p1"));
}
