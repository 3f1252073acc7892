#pragma once
// Calendar dates (birth, joining, payment) as associations write them in forms and spreadsheets.
// Stored and exchanged as ISO 8601 "YYYY-MM-DD".

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace registre::domain {

using Date = std::chrono::year_month_day;

// Reads "2026-03-01" (ISO; "2026-3-1" too) or a French day/month/year: "01/03/2026", "1/3/2026",
// "01-03-2026", "01.03.2026" (the same separator twice). Surrounding whitespace is ignored.
// Refuses dates that do not exist (31/02, 29/02 outside leap years), years outside 1900-2200,
// two-digit years ("01/03/26": which century?), and anything else in the text.
std::optional<Date> parse_date(std::string_view input);

// "2026-03-01".
// REQUIRES: d.ok() and 0 <= year <= 9999 (true of every date parse_date returns)
std::string format_iso(Date d);

}  // namespace registre::domain
