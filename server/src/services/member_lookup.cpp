#include "services/member_lookup.hpp"

#include "store/member_store.hpp"

namespace registre::services {

Result<domain::Member> member_in(SQLite::Database& db, std::int64_t organization_id,
                                 std::int64_t member_id) {
  auto member = store::get_member(db, organization_id, member_id);
  if (!member && member.error().kind == ErrorKind::not_found) {
    Error e = make_error(ErrorKind::not_found, "not-found", "no such member in this organisation");
    e.fields.push_back({"memberId", "not-a-member-here"});
    return e;
  }
  return member;
}

}  // namespace registre::services
