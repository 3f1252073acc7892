#include "services/import_line.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "domain/calendar_date.hpp"
#include "domain/custom_value_text.hpp"
#include "domain/membership_period.hpp"

namespace registre::services {
namespace {

using domain::MemberColumn;

// The API name of the member field a column fills (how apply_member_changes names errors).
const char* api_field(MemberColumn c) {
  switch (c) {
    case MemberColumn::first_name:
      return "firstName";
    case MemberColumn::last_name:
    case MemberColumn::full_name:
      return "lastName";
    case MemberColumn::email:
      return "email";
    case MemberColumn::phone:
    case MemberColumn::mobile:
      return "phone";
    case MemberColumn::address:
    case MemberColumn::address_extra:
      return "address";
    case MemberColumn::postcode:
      return "postcode";
    case MemberColumn::city:
      return "city";
    case MemberColumn::country:
      return "country";
    case MemberColumn::birth_date:
      return "birthDate";
    case MemberColumn::joined_on:
      return "admittedOn";
    case MemberColumn::left_on:
      return "leftOn";
    case MemberColumn::notes:
      return "notes";
    case MemberColumn::nextcloud_user:
      return "nextcloudUser";
    default:
      return "";
  }
}

// One line's non-empty member values by column kind.
struct LineValues {
  std::map<MemberColumn, const std::string*> values;
  const std::string* get(MemberColumn c) const {
    auto it = values.find(c);
    return it == values.end() ? nullptr : it->second;
  }
};

std::optional<std::string> country_code(const std::string& text) {
  std::string upper;
  for (char ch : text)
    upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
  if (upper == "FRANCE" || upper == "FR" || upper == "FRA") return std::string("FR");
  if (upper.size() == 2 && std::isalpha(static_cast<unsigned char>(upper[0])) &&
      std::isalpha(static_cast<unsigned char>(upper[1]))) {
    return upper;
  }
  return std::nullopt;
}

std::optional<std::int64_t> parse_cents(const std::string& text) {
  // "25", "25,00", "25.5", "25 €", "1 250,00 €"
  std::string digits;
  std::size_t decimals = 0;
  bool after_separator = false;
  for (unsigned char ch : text) {
    if (std::isdigit(ch)) {
      digits.push_back(static_cast<char>(ch));
      if (after_separator) ++decimals;
    } else if ((ch == ',' || ch == '.') && !after_separator) {
      after_separator = true;
    } else if (ch == ' ' || ch == 0xC2 || ch == 0xA0 || ch == 0xE2 || ch == 0x82 || ch == 0xAC) {
      continue;  // spaces, NBSP and the euro sign's UTF-8 bytes
    } else {
      return std::nullopt;
    }
  }
  if (digits.empty() || decimals > 2 || digits.size() > 12) return std::nullopt;
  std::int64_t value = std::stoll(digits);
  for (std::size_t i = decimals; i < 2; ++i)
    value *= 10;
  return value;
}

std::optional<std::string> payment_method(const std::string& text) {
  std::string t;
  for (unsigned char ch : text)
    t.push_back(static_cast<char>(std::tolower(ch)));
  if (t.find("esp") != std::string::npos || t == "cash") return "cash";
  if (t.find("ch") == 0) return "cheque";  // chèque, cheque, chq
  if (t.find("vir") == 0 || t == "transfer") return "transfer";
  if (t.find("carte") == 0 || t == "cb" || t == "card") return "card";
  if (t.find("ligne") != std::string::npos || t == "online" ||
      t.find("helloasso") != std::string::npos)
    return "online";
  if (t.empty()) return std::nullopt;
  return "other";
}

void read_member_fields(const ImportContext& ctx, const LineValues& v, ImportLine& line) {
  domain::MemberChanges& c = line.changes;
  if (auto x = v.get(MemberColumn::first_name)) c.first_name = *x;
  if (auto x = v.get(MemberColumn::last_name))
    c.last_name = *x;
  else if (auto full = v.get(MemberColumn::full_name))
    c.last_name = *full;  // "DUPONT Jean": kept whole
  if (auto x = v.get(MemberColumn::email)) c.email = *x;
  if (auto x = v.get(MemberColumn::phone))
    c.phone = *x;
  else if (auto m = v.get(MemberColumn::mobile))
    c.phone = *m;
  if (auto x = v.get(MemberColumn::address)) {
    c.address = *x;
    if (auto extra = v.get(MemberColumn::address_extra)) *c.address += "\n" + *extra;
  }
  if (auto x = v.get(MemberColumn::postcode)) c.postcode = *x;
  if (auto x = v.get(MemberColumn::city)) c.city = *x;
  if (auto x = v.get(MemberColumn::country)) {
    if (auto code = country_code(*x))
      c.country = *code;
    else
      line.errors.push_back(
          {ctx.column_of("country"), "a two-letter country code (FR, BE ...) or France"});
  }
  if (auto x = v.get(MemberColumn::birth_date)) c.birth_date = *x;
  if (auto x = v.get(MemberColumn::joined_on)) c.admitted_on = *x;
  if (auto x = v.get(MemberColumn::left_on)) c.left_on = *x;
  if (auto x = v.get(MemberColumn::notes)) c.notes = *x;
  if (auto x = v.get(MemberColumn::nextcloud_user)) c.nextcloud_user = *x;
  if (auto number = v.get(MemberColumn::member_number)) {
    std::int64_t n = 0;
    auto [ptr, ec] = std::from_chars(number->data(), number->data() + number->size(), n);
    if (ec != std::errc() || ptr != number->data() + number->size() || n < 1) {
      line.errors.push_back({ctx.column_of("member_number"), "a member number is a whole number"});
    } else {
      line.number = n;
    }
  }
}

void read_membership(const ImportContext& ctx, const LineValues& values, ImportLine& line) {
  auto type_name = values.get(MemberColumn::membership_type);
  if (!type_name) return;
  auto type = std::find_if(ctx.types.begin(), ctx.types.end(),
                           [&](const auto& t) { return t.name == *type_name; });
  if (type == ctx.types.end()) {
    line.errors.push_back(
        {ctx.column_of("membership_type"), "no membership type of that name in this organisation"});
    return;
  }
  store::Membership ms;
  ms.organization_id = ctx.organization_id;
  ms.type_id = type->id;
  const std::string* start = values.get(MemberColumn::membership_start);
  if (!start) start = values.get(MemberColumn::paid_on);
  auto start_date = start ? domain::parse_date(*start) : std::nullopt;
  if (!start_date) {
    line.errors.push_back({ctx.header_of.count("membership_start")
                               ? ctx.column_of("membership_start")
                               : ctx.column_of("membership_type"),
                           "the membership needs a start date"});
  } else {
    ms.starts_on = domain::format_iso(*start_date);
    const domain::PeriodKind kind = type->period == "season"     ? domain::PeriodKind::season
                                    : type->period == "lifetime" ? domain::PeriodKind::lifetime
                                    : type->period == "rolling_months"
                                        ? domain::PeriodKind::rolling_months
                                        : domain::PeriodKind::calendar_year;
    if (auto end = domain::period_end({kind, type->season_start_month, type->rolling_months},
                                      *start_date)) {
      ms.ends_on = domain::format_iso(*end);
    }
  }
  ms.amount_cents = type->amount_cents;
  if (auto amount = values.get(MemberColumn::amount)) {
    if (auto cents = parse_cents(*amount))
      ms.amount_cents = *cents;
    else
      line.errors.push_back({ctx.column_of("amount"), "an amount such as 25 or 25,00"});
  }
  ms.currency = type->currency;
  if (auto paid = values.get(MemberColumn::paid_on)) {
    auto d = domain::parse_date(*paid);
    if (d)
      ms.paid_on = domain::format_iso(*d);
    else
      line.errors.push_back({ctx.column_of("paid_on"), "a date such as 2026-09-01 or 01/09/2026"});
  }
  if (auto method = values.get(MemberColumn::payment_method))
    ms.payment_method = payment_method(*method);
  if (auto ref = values.get(MemberColumn::payment_reference)) ms.reference = ref->substr(0, 100);
  ms.created_at = ctx.now;
  ms.recorded_by = ctx.recorded_by;
  line.membership = std::move(ms);
}

}  // namespace

void ImportContext::index_headers() {
  header_of.clear();
  for (std::size_t i = 0; i < header.size(); ++i) {
    const auto& column = mapping.by_index[i];
    if (column.custom) {
      header_of.emplace("custom." + definitions[*column.custom].key, header[i]);
      continue;
    }
    if (!column.member) continue;
    const char* field = api_field(*column.member);
    const std::string name(domain::to_string(*column.member));
    header_of.emplace(*field ? field : name, header[i]);
    header_of.emplace(name, header[i]);
  }
}

std::string ImportContext::column_of(const std::string& field) const {
  auto it = header_of.find(field);
  return it == header_of.end() ? field : it->second;
}

ImportLine read_import_line(const ImportContext& ctx, const std::vector<std::string>& fields) {
  ImportLine line;
  LineValues values;
  for (std::size_t i = 0; i < fields.size() && i < ctx.mapping.by_index.size(); ++i) {
    const auto& column = ctx.mapping.by_index[i];
    if (fields[i].empty()) continue;
    if (column.member) {
      values.values[*column.member] = &fields[i];
    } else if (column.custom) {
      const auto& definition = ctx.definitions[*column.custom];
      auto value = domain::custom_value_from_text(definition, fields[i]);
      if (auto* message = std::get_if<std::string>(&value)) {
        line.errors.push_back({ctx.header[i], *message});
        continue;
      }
      if (line.changes.custom.is_null()) line.changes.custom = nlohmann::json::object();
      line.changes.custom[definition.key] = std::move(std::get<nlohmann::json>(value));
    }
  }
  read_member_fields(ctx, values, line);
  read_membership(ctx, values, line);
  return line;
}

}  // namespace registre::services
