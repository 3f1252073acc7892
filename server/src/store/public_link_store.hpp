#pragma once
// Public links (hashes of their tokens only), and the members a Nextcloud user is.

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/public_link.hpp"

namespace registre::store {

// REQUIRES: a WriteTransaction is open.
Result<std::int64_t> insert_public_link(SQLite::Database& db, const domain::PublicLink& link);

// The member's links, newest first.
Result<std::vector<domain::PublicLink>> public_links_of(SQLite::Database& db,
                                                        std::int64_t organization_id,
                                                        std::int64_t member_id);

// The link whose token hashes to `token_hash`, whatever its state; nullopt when none.
Result<std::optional<domain::PublicLink>> public_link_by_hash(SQLite::Database& db,
                                                              const std::string& token_hash);

// Marks the link revoked unless it already is; not_found when the member has no such link.
// REQUIRES: a WriteTransaction is open.
Result<domain::PublicLink> revoke_public_link(SQLite::Database& db, std::int64_t organization_id,
                                              std::int64_t member_id, std::int64_t link_id,
                                              const std::string& at, const std::string& by);

// The members whose record names this Nextcloud user, with their organisation's name.
struct OwnMembership {
  std::int64_t organization_id = 0;
  std::string organization_name;
  std::int64_t member_id = 0;
  std::int64_t member_number = 0;
};
// In one organisation (the lowest member id when several records name the user), or all.
Result<std::vector<OwnMembership>> memberships_of_user(
    SQLite::Database& db, const std::string& user_id,
    std::optional<std::int64_t> organization_id = std::nullopt);

}  // namespace registre::store
