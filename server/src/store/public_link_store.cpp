#include "store/public_link_store.hpp"

#include <SQLiteCpp/Statement.h>

#include "store/sql_values.hpp"
#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

constexpr const char* kLinkColumns =
    "id, organization_id, member_id, token_hash, created_at, created_by, expires_at, revoked_at, "
    "revoked_by";

domain::PublicLink read_link(SQLite::Statement& q) {
  domain::PublicLink l;
  l.id = q.getColumn(0).getInt64();
  l.organization_id = q.getColumn(1).getInt64();
  l.member_id = q.getColumn(2).getInt64();
  l.token_hash = q.getColumn(3).getString();
  l.created_at = q.getColumn(4).getString();
  l.created_by = q.getColumn(5).getString();
  l.expires_at = q.getColumn(6).getString();
  l.revoked_at = optional_text(q.getColumn(7));
  l.revoked_by = optional_text(q.getColumn(8));
  return l;
}

}  // namespace

Result<std::int64_t> insert_public_link(SQLite::Database& db, const domain::PublicLink& link) {
  try {
    SQLite::Statement q(db,
                        "INSERT INTO public_links (organization_id, member_id, token_hash, "
                        "created_at, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?)");
    q.bind(1, link.organization_id);
    q.bind(2, link.member_id);
    q.bind(3, link.token_hash);
    q.bind(4, link.created_at);
    q.bind(5, link.created_by);
    q.bind(6, link.expires_at);
    q.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "creating a public link");
  }
}

Result<std::vector<domain::PublicLink>> public_links_of(SQLite::Database& db,
                                                        std::int64_t organization_id,
                                                        std::int64_t member_id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kLinkColumns +
                                " FROM public_links WHERE organization_id = ? AND member_id = ? "
                                "ORDER BY id DESC");
    q.bind(1, organization_id);
    q.bind(2, member_id);
    std::vector<domain::PublicLink> out;
    while (q.executeStep())
      out.push_back(read_link(q));
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing public links");
  }
}

Result<std::optional<domain::PublicLink>> public_link_by_hash(SQLite::Database& db,
                                                              const std::string& token_hash) {
  try {
    SQLite::Statement q(
        db, std::string("SELECT ") + kLinkColumns + " FROM public_links WHERE token_hash = ?");
    q.bind(1, token_hash);
    if (!q.executeStep()) return std::optional<domain::PublicLink>();
    return std::optional<domain::PublicLink>(read_link(q));
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "finding a public link");
  }
}

Result<domain::PublicLink> revoke_public_link(SQLite::Database& db, std::int64_t organization_id,
                                              std::int64_t member_id, std::int64_t link_id,
                                              const std::string& at, const std::string& by) {
  try {
    SQLite::Statement update(db,
                             "UPDATE public_links SET revoked_at = ?, revoked_by = ? WHERE id = ? "
                             "AND organization_id = ? AND member_id = ? AND revoked_at IS NULL");
    update.bind(1, at);
    update.bind(2, by);
    update.bind(3, link_id);
    update.bind(4, organization_id);
    update.bind(5, member_id);
    update.exec();
    SQLite::Statement q(db, std::string("SELECT ") + kLinkColumns +
                                " FROM public_links WHERE id = ? AND organization_id = ? AND "
                                "member_id = ?");
    q.bind(1, link_id);
    q.bind(2, organization_id);
    q.bind(3, member_id);
    if (!q.executeStep()) return make_error(ErrorKind::not_found, "not-found", "no such link");
    return read_link(q);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "revoking a public link");
  }
}

Result<std::vector<OwnMembership>> memberships_of_user(
    SQLite::Database& db, const std::string& user_id, std::optional<std::int64_t> organization_id) {
  try {
    SQLite::Statement q(db,
                        "SELECT m.organization_id, o.name, min(m.id), m.number FROM members m "
                        "JOIN organizations o ON o.id = m.organization_id "
                        "WHERE m.nextcloud_user = ? AND (?2 IS NULL OR m.organization_id = ?2) "
                        "GROUP BY m.organization_id ORDER BY o.name, m.organization_id");
    q.bind(1, user_id);
    if (organization_id)
      q.bind(2, *organization_id);
    else
      q.bind(2);
    std::vector<OwnMembership> out;
    while (q.executeStep()) {
      OwnMembership m;
      m.organization_id = q.getColumn(0).getInt64();
      m.organization_name = q.getColumn(1).getString();
      m.member_id = q.getColumn(2).getInt64();
      m.member_number = q.getColumn(3).getInt64();
      out.push_back(std::move(m));
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "finding the user's memberships");
  }
}

}  // namespace registre::store
