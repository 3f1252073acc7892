#pragma once
// Today's date in an organisation's time zone: statuses, dues and birth dates are calendar dates
// there, not in UTC.

#include <string>

#include <SQLiteCpp/Database.h>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/calendar_date.hpp"

namespace registre::services {

Result<domain::Date> today_in(SQLite::Database& db, std::int64_t organization_id, const Clock& clock);

}  // namespace registre::services
