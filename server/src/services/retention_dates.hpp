#pragma once
// Dates of the retention engine in an organisation's time zone: the bounds of "due on or
// before a date" for triggers stored as dates and as UTC timestamps, and the calendar date of a
// stored timestamp.

#include <optional>
#include <string>

#include "core/timezone.hpp"
#include "domain/calendar_date.hpp"
#include "store/retention_store.hpp"

namespace registre::services {

// Records triggered on `last_date` or before: dates up to it, timestamps before the first
// instant of the next day in `zone`.
store::DueBound due_bound(const TimeZone& zone, domain::Date last_date);

// The calendar date in `zone` of a stored value: "2026-03-01" as is, "2026-03-01T23:30:00.000Z"
// converted. nullopt for anything else.
std::optional<domain::Date> local_date_of(const TimeZone& zone, const std::string& stored);

// Minutes since local midnight at `now` in `zone`.
int local_minutes(const TimeZone& zone, TimePoint now);

}  // namespace registre::services
