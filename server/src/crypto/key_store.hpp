#pragma once
// The key store: a file beside the database, `<storage>/keys/registre.keys`, that holds the keys
// the database must not contain (a copy of the database alone then cannot forge checkpoints).
// Format, one line each:
//   registre-keys-v1
//   ledger-signing-ed25519 <libsodium 64-byte Ed25519 secret key, lower-case hex>
// The directory is 0700 and the file 0600; the file is written once, atomically (temporary file,
// fsync, rename), when the first key is needed. Only the public key ever leaves the process.

#include <memory>
#include <mutex>
#include <string>

#include "core/result.hpp"
#include "crypto/signing.hpp"

namespace registre::crypto {

class KeyStore {
 public:
  // Opens the store under `storage_dir`; creates nothing yet.
  explicit KeyStore(std::string storage_dir);

  // The ledger's signing key, created and saved on first use. Fails when the file exists but is
  // not a key store (it is then left untouched) or cannot be written.
  Result<SigningKey> ledger_signing_key();

  // The ledger's public key (hex) if a key exists, without creating one.
  Result<std::string> existing_public_key();

  std::string file_path() const;

 private:
  Result<bool> load();  // false: no file yet
  std::string storage_dir_;
  std::mutex mutex_;
  bool loaded_ = false;
  SigningKey key_;
};

}  // namespace registre::crypto
