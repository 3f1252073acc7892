#include "services/organization_today.hpp"

#include "core/timezone.hpp"
#include "store/organization_store.hpp"

namespace registre::services {

Result<domain::Date> today_in(SQLite::Database& db, std::int64_t organization_id, const Clock& clock) {
  auto org = store::get_organization(db, organization_id);
  if (!org) return std::move(org).error();
  auto zone = time_zone(org->timezone);
  if (!zone) return std::move(zone).error();
  return zone.value()->local_date(clock.now());
}

}  // namespace registre::services
