#pragma once
// Custom values of fields classified "sensitive" (health, beliefs, ...: GDPR Art. 9) are kept
// sealed with a key of the member's own (crypto/member_key_store.hpp), never in clear in the
// register's database. Services work on a member whose `custom` holds every value ("open") and
// seal it just before writing; they open it only where the values are needed and allowed: the
// record shown to a manager, an export with sensitive data, the member's access package, and an
// update (which must merge with the values it does not change).
//
// The sealed bytes are nonce || XChaCha20-Poly1305(JSON object of the sensitive values), with the
// associated data "registre-sealed-v1:<pseudonym>".

#include <string>
#include <vector>

#include "core/result.hpp"
#include "crypto/member_key_store.hpp"
#include "domain/custom_field.hpp"
#include "domain/member.hpp"
#include "services/request_info.hpp"

namespace registre::services {

class SensitiveValues {
 public:
  explicit SensitiveValues(crypto::MemberKeyStore& keys) : keys_(keys) {}

  // Moves the values of sensitive fields from `member.custom` into `member.sealed` (replacing
  // what was sealed: the member must have been opened first). Creates the member's key when it
  // has sensitive values and none yet. REQUIRES: member.pseudonym is set.
  Status seal(domain::Member& member, const std::vector<domain::FieldDefinition>& definitions);

  // Puts the sealed values back into `member.custom`. A member whose key was destroyed (erased)
  // or whose sealed bytes do not open is an error: a value is never silently dropped.
  Status open(domain::Member& member);

  // Removes the values of sensitive fields from `member.custom` without sealing them (an import
  // preview, rolled back, must neither create keys nor write them in clear).
  static void strip(domain::Member& member,
                    const std::vector<domain::FieldDefinition>& definitions);

  // Destroys the member's key: whatever is still sealed with it can no longer be read.
  Status shred(const std::string& pseudonym);
  Status shred_all(const std::vector<std::string>& pseudonyms);  // one transaction for them all

 private:
  crypto::MemberKeyStore& keys_;
};

// Managers and administrators see sensitive values; viewers and treasurers never do.
bool may_read_sensitive(const RequestInfo& request);

// True when `definitions` classify `key` as sensitive.
bool is_sensitive_field(const std::vector<domain::FieldDefinition>& definitions,
                        const std::string& key);

}  // namespace registre::services
