#include "services/member_filter.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "domain/calendar_date.hpp"
#include "services/member_service.hpp"
#include "services/organization_today.hpp"
#include "services/sensitive_values.hpp"
#include "store/field_definition_store.hpp"
#include "store/membership_store.hpp"

namespace registre::services {
namespace {

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t comma = text.find(',', pos);
    parts.push_back(text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    if (comma == std::string::npos) return parts;
    pos = comma + 1;
  }
}

std::optional<double> parse_number(const std::string& text) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::optional<bool> parse_boolean(const std::string& text) {
  if (text == "true" || text == "1" || text == "oui" || text == "yes") return true;
  if (text == "false" || text == "0" || text == "non" || text == "no") return false;
  return std::nullopt;
}

// The accepted values of one custom field filter as stored JSON values; a field error otherwise.
Result<store::CustomValueFilter> custom_filter(const domain::FieldDefinition& d,
                                               const std::string& typed) {
  const std::string param = kCustomFilterPrefix + d.key;
  auto error = [&](const char* detail) { return invalid_fields({{param, detail}}); };
  store::CustomValueFilter filter;
  filter.key = d.key;
  filter.multiple = d.type == "multiple_choice";
  nlohmann::json values = nlohmann::json::array();
  if (typed.empty()) return error("a value to look for");
  if (d.type == "text" || d.type == "long_text") {
    values.push_back(typed);  // the whole text: a comma is part of it
  } else if (d.type == "boolean") {
    auto b = parse_boolean(typed);
    if (!b) return error("true or false");
    values.push_back(*b);
  } else {
    for (const auto& part : split_commas(typed)) {
      if (d.type == "number") {
        auto n = parse_number(part);
        if (!n) return error("a comma-separated list of numbers (with a dot for decimals)");
        values.push_back(*n);
      } else if (d.type == "date") {
        auto date = domain::parse_date(part);
        if (!date) return error("a comma-separated list of dates such as 2026-03-01 or 01/03/2026");
        values.push_back(domain::format_iso(*date));
      } else {  // single or multiple choice
        if (std::find(d.choices.begin(), d.choices.end(), part) == d.choices.end()) {
          return error("a comma-separated list of the field's choices");
        }
        values.push_back(part);
      }
    }
  }
  filter.values_json = values.dump();
  return filter;
}

}  // namespace


Result<std::vector<std::string>> apply_member_filter(SQLite::Database& db,
                                                     std::int64_t organization_id,
                                                     const MemberFilter& filter,
                                                     bool may_filter_sensitive, const Clock& clock,
                                                     store::MemberQuery& query) {
  std::vector<std::string> used;
  std::vector<FieldError> errors;
  query.statuses = filter.statuses;
  if (!filter.statuses.empty()) used.push_back("status");
  query.match = MemberService::search_expression(filter.search);
  std::int64_t number = 0;
  const auto& s = filter.search;
  if (!s.empty() &&
      std::from_chars(s.data(), s.data() + s.size(), number).ptr == s.data() + s.size()) {
    query.number = number;
  }
  if (!query.match.empty() || query.number) used.push_back("search");

  if (!filter.type_ids.empty()) {
    for (std::int64_t id : filter.type_ids) {
      auto type = store::get_membership_type(db, organization_id, id);
      if (!type && type.error().kind == ErrorKind::not_found) {
        errors.push_back(
            {"type", "no membership type " + std::to_string(id) + " in this organisation"});
      } else if (!type) {
        return std::move(type).error();
      }
    }
    query.type_ids = filter.type_ids;
    used.push_back("type");
  }
  if (filter.paid) {
    auto today = today_in(db, organization_id, clock);
    if (!today) return std::move(today).error();
    query.paid = store::PaidFilter{*filter.paid, domain::format_iso(today.value())};
    used.push_back("paid");
  }
  if (!filter.custom.empty()) {
    auto definitions = store::list_field_definitions(db, organization_id);
    if (!definitions) return std::move(definitions).error();
    for (const auto& [key, typed] : filter.custom) {
      auto d = std::find_if(definitions->begin(), definitions->end(),
                            [&name = key](const auto& def) { return def.key == name; });
      if (d == definitions->end()) {
        errors.push_back(
            {kCustomFilterPrefix + key, "no custom field with this key in this organisation"});
        continue;
      }
      if (d->classification == "sensitive" && !may_filter_sensitive) {
        return make_error(ErrorKind::forbidden, "forbidden",
                          "only managers may filter on sensitive fields");
      }
      if (d->classification == "sensitive") {
        // Sealed with each member's own key (services/sensitive_values.hpp): the database cannot
        // compare them, and opening every record to filter would defeat the sealing.
        errors.push_back({kCustomFilterPrefix + key, "sealed-field-not-filterable"});
        continue;
      }
      auto one = custom_filter(*d, typed);
      if (!one) {
        for (const auto& e : one.error().fields)
          errors.push_back(e);
        continue;
      }
      query.custom.push_back(std::move(one).value());
      used.push_back(kCustomFilterPrefix +
                     key);  // the field's key is not personal data; its value may be
    }
  }
  if (!errors.empty()) return invalid_fields(std::move(errors));
  return used;
}

}  // namespace registre::services
