#include "services/import_service.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "crypto/sodium.hpp"
#include "domain/calendar_date.hpp"
#include "domain/csv_reader.hpp"
#include "domain/import_columns.hpp"
#include "domain/member.hpp"
#include "domain/membership_period.hpp"
#include "services/audit.hpp"
#include "services/member_statuses.hpp"
#include "services/organization_today.hpp"
#include "store/audit_store.hpp"
#include "store/import_store.hpp"
#include "store/member_store.hpp"
#include "store/membership_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

using domain::MemberColumn;

// The API name of the member field a column fills (how apply_member_changes names errors).
const char* api_field(MemberColumn c) {
  switch (c) {
    case MemberColumn::first_name: return "firstName";
    case MemberColumn::last_name:
    case MemberColumn::full_name: return "lastName";
    case MemberColumn::email: return "email";
    case MemberColumn::phone:
    case MemberColumn::mobile: return "phone";
    case MemberColumn::address:
    case MemberColumn::address_extra: return "address";
    case MemberColumn::postcode: return "postcode";
    case MemberColumn::city: return "city";
    case MemberColumn::country: return "country";
    case MemberColumn::birth_date: return "birthDate";
    case MemberColumn::joined_on: return "admittedOn";
    case MemberColumn::left_on: return "leftOn";
    case MemberColumn::notes: return "notes";
    case MemberColumn::nextcloud_user: return "nextcloudUser";
    default: return "";
  }
}

// One line's values by column kind.
struct LineValues {
  std::map<MemberColumn, std::string> values;
  const std::string* get(MemberColumn c) const {
    auto it = values.find(c);
    return it == values.end() || it->second.empty() ? nullptr : &it->second;
  }
};

std::optional<std::string> country_code(const std::string& text) {
  std::string upper;
  for (char ch : text) upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
  if (upper == "FRANCE" || upper == "FR" || upper == "FRA") return std::string("FR");
  if (upper.size() == 2 && std::isalpha(static_cast<unsigned char>(upper[0])) &&
      std::isalpha(static_cast<unsigned char>(upper[1]))) {
    return upper;
  }
  return std::nullopt;
}

domain::MemberChanges changes_from(const LineValues& v, std::vector<FieldError>& errors,
                                   const std::map<std::string, std::string>& header_of) {
  domain::MemberChanges c;
  if (auto x = v.get(MemberColumn::first_name)) c.first_name = *x;
  if (auto x = v.get(MemberColumn::last_name)) c.last_name = *x;
  else if (auto full = v.get(MemberColumn::full_name)) c.last_name = *full;  // "DUPONT Jean": kept whole
  if (auto x = v.get(MemberColumn::email)) c.email = *x;
  if (auto x = v.get(MemberColumn::phone)) c.phone = *x;
  else if (auto m = v.get(MemberColumn::mobile)) c.phone = *m;
  if (auto x = v.get(MemberColumn::address)) {
    c.address = *x;
    if (auto extra = v.get(MemberColumn::address_extra)) *c.address += "\n" + *extra;
  }
  if (auto x = v.get(MemberColumn::postcode)) c.postcode = *x;
  if (auto x = v.get(MemberColumn::city)) c.city = *x;
  if (auto x = v.get(MemberColumn::country)) {
    if (auto code = country_code(*x)) c.country = *code;
    else errors.push_back({header_of.at("country"), "a two-letter country code (FR, BE ...) or France"});
  }
  if (auto x = v.get(MemberColumn::birth_date)) c.birth_date = *x;
  if (auto x = v.get(MemberColumn::joined_on)) c.admitted_on = *x;
  if (auto x = v.get(MemberColumn::left_on)) c.left_on = *x;
  if (auto x = v.get(MemberColumn::notes)) c.notes = *x;
  if (auto x = v.get(MemberColumn::nextcloud_user)) c.nextcloud_user = *x;
  return c;
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
  for (std::size_t i = decimals; i < 2; ++i) value *= 10;
  return value;
}

std::optional<std::string> payment_method(const std::string& text) {
  std::string t;
  for (unsigned char ch : text) t.push_back(static_cast<char>(std::tolower(ch)));
  if (t.find("esp") != std::string::npos || t == "cash") return "cash";
  if (t.find("ch") == 0) return "cheque";  // chèque, cheque, chq
  if (t.find("vir") == 0 || t == "transfer") return "transfer";
  if (t.find("carte") == 0 || t == "cb" || t == "card") return "card";
  if (t.find("ligne") != std::string::npos || t == "online" || t.find("helloasso") != std::string::npos) return "online";
  if (t.empty()) return std::nullopt;
  return "other";
}

}  // namespace

Result<ImportReport> ImportService::run(const RequestInfo& request, std::int64_t organization_id,
                                        std::string_view bytes, const ImportOptions& options) {
  auto document = domain::parse_csv(bytes);
  if (!document) return std::move(document).error();
  const auto mapping = domain::detect_columns(document->header);

  ImportReport report;
  report.file_name = options.file_name.empty() ? "import.csv" : options.file_name;
  report.file_hash = crypto::blake2b_256_hex(bytes);
  report.encoding = document->encoding;
  report.separator = document->separator;
  report.preset = mapping.preset;
  report.rows = document->rows.size();
  std::map<std::string, std::string> header_of;  // API field (or column name) -> header in the file
  for (std::size_t i = 0; i < document->header.size(); ++i) {
    const auto& column = mapping.by_index[i];
    report.columns.emplace_back(document->header[i],
                                column ? std::optional<std::string>(std::string(domain::to_string(*column))) : std::nullopt);
    if (!column) continue;
    const char* field = api_field(*column);
    header_of.emplace(*field ? field : std::string(domain::to_string(*column)), document->header[i]);
    header_of.emplace(std::string(domain::to_string(*column)), document->header[i]);
  }
  const bool has_name = std::any_of(mapping.by_index.begin(), mapping.by_index.end(), [](const auto& c) {
    return c == MemberColumn::last_name || c == MemberColumn::full_name;
  });
  if (!has_name) {
    Error e = make_error(ErrorKind::invalid, "invalid", "no column holds the members' last names");
    e.fields.push_back({"file", "needs a last-name column (Nom, Last name ...)"});
    return e;
  }

  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  const std::string now = format_utc(clock_.now());
  std::vector<ImportLineReport> error_lines, other_lines;

  auto body = [&](SQLite::Database& db) -> Result<ImportReport> {
    auto today = today_in(db, organization_id, clock_);
    if (!today) return std::move(today).error();
    const std::string today_iso = domain::format_iso(today.value());
    auto types = store::list_membership_types(db, organization_id);
    if (!types) return std::move(types).error();
    store::ImportBatch batch{organization_id, report.file_name, report.file_hash, now, request.actor.audit_name()};
    auto batch_id = store::insert_import_batch(db, batch);
    if (!batch_id) return std::move(batch_id).error();

    for (const auto& row : document->rows) {
      ImportLineReport line{row.line, "", std::nullopt, {}};
      LineValues values;
      for (std::size_t i = 0; i < row.fields.size() && i < mapping.by_index.size(); ++i) {
        if (mapping.by_index[i]) values.values[*mapping.by_index[i]] = row.fields[i];
      }
      domain::MemberChanges changes = changes_from(values, line.errors, header_of);

      // Which member the line is about: its number, else its e-mail.
      std::optional<std::int64_t> existing_id, wanted_number;
      if (auto number = values.get(MemberColumn::member_number)) {
        std::int64_t n = 0;
        auto [ptr, ec] = std::from_chars(number->data(), number->data() + number->size(), n);
        if (ec != std::errc() || ptr != number->data() + number->size() || n < 1) {
          line.errors.push_back({header_of["member_number"], "a member number is a whole number"});
        } else {
          wanted_number = n;
          auto found = store::member_id_by_number(db, organization_id, n);
          if (!found) return std::move(found).error();
          existing_id = found.value();
        }
      }
      domain::Member member;
      member.organization_id = organization_id;
      if (existing_id) {
        auto current = store::get_member(db, organization_id, *existing_id);
        if (!current) return std::move(current).error();
        member = std::move(current).value();
      }
      auto changed = domain::apply_member_changes(member, changes, today_iso);
      if (!changed) {
        for (auto& f : changed.error().fields) {
          auto header = header_of.find(f.field);
          line.errors.push_back({header == header_of.end() ? f.field : header->second, f.message});
        }
      }
      if (!existing_id && member.email && line.errors.empty()) {
        auto found = store::member_id_by_email(db, organization_id, *member.email);
        if (!found) return std::move(found).error();
        if (found.value()) {  // same person: update the stored record instead
          existing_id = found.value();
          auto current = store::get_member(db, organization_id, *existing_id);
          if (!current) return std::move(current).error();
          member = std::move(current).value();
          changed = domain::apply_member_changes(member, changes, today_iso);
        }
      }
      // A membership on the line: its type must exist in the organisation.
      std::optional<store::Membership> membership;
      if (auto type_name = values.get(MemberColumn::membership_type)) {
        auto type = std::find_if(types->begin(), types->end(), [&](const auto& t) { return t.name == *type_name; });
        if (type == types->end()) {
          line.errors.push_back({header_of["membership_type"], "no membership type of that name in this organisation"});
        } else {
          store::Membership ms;
          ms.organization_id = organization_id;
          ms.type_id = type->id;
          const std::string* start = values.get(MemberColumn::membership_start);
          if (!start) start = values.get(MemberColumn::paid_on);
          auto start_date = start ? domain::parse_date(*start) : std::nullopt;
          if (!start_date) {
            line.errors.push_back({header_of.count("membership_start") ? header_of["membership_start"] : header_of["membership_type"],
                                   "the membership needs a start date"});
          } else {
            ms.starts_on = domain::format_iso(*start_date);
            const domain::PeriodKind kind = type->period == "season" ? domain::PeriodKind::season
                                            : type->period == "lifetime" ? domain::PeriodKind::lifetime
                                            : type->period == "rolling_months" ? domain::PeriodKind::rolling_months
                                                                               : domain::PeriodKind::calendar_year;
            if (auto end = domain::period_end({kind, type->season_start_month, type->rolling_months}, *start_date)) {
              ms.ends_on = domain::format_iso(*end);
            }
          }
          ms.amount_cents = type->amount_cents;
          if (auto amount = values.get(MemberColumn::amount)) {
            if (auto cents = parse_cents(*amount)) ms.amount_cents = *cents;
            else line.errors.push_back({header_of["amount"], "an amount such as 25 or 25,00"});
          }
          ms.currency = type->currency;
          if (auto paid = values.get(MemberColumn::paid_on)) {
            auto d = domain::parse_date(*paid);
            if (d) ms.paid_on = domain::format_iso(*d);
            else line.errors.push_back({header_of["paid_on"], "a date such as 2026-09-01 or 01/09/2026"});
          }
          if (auto method = values.get(MemberColumn::payment_method)) ms.payment_method = payment_method(*method);
          if (auto ref = values.get(MemberColumn::payment_reference)) ms.reference = ref->substr(0, 100);
          ms.created_at = now;
          ms.recorded_by = request.actor.audit_name();
          membership = ms;
        }
      }

      if (!line.errors.empty()) {
        line.outcome = "error";
        ++report.invalid;
        error_lines.push_back(std::move(line));
        continue;
      }
      const bool member_changed = !existing_id || !changed->empty();
      if (existing_id && !member_changed && !membership) {
        line.outcome = "unchanged";
        line.member_number = member.number;
        ++report.unchanged;
        if (other_lines.size() < ImportReport::kMaxLines) other_lines.push_back(std::move(line));
        continue;
      }
      std::vector<store::Membership> memberships;
      if (existing_id) {
        auto stored = store::memberships_of(db, member.id);
        if (!stored) return std::move(stored).error();
        memberships = std::move(stored).value();
      }
      if (membership) memberships.push_back(*membership);
      member.status = derived_status(member, memberships, today.value());
      if (existing_id) {
        if (member_changed) {
          member.version += 1;
          member.updated_at = now;
          if (auto s = store::update_member(db, member, domain::member_search_text(member)); !s) return std::move(s).error();
        } else if (auto s = store::set_member_status(db, member.id, member.status); !s) {
          return std::move(s).error();
        }
        line.outcome = "updated";
        ++report.updated;
      } else {
        if (wanted_number) {
          member.number = *wanted_number;
        } else {
          auto number = store::next_member_number(db, organization_id);
          if (!number) return std::move(number).error();
          member.number = number.value();
        }
        member.pseudonym = crypto::random_hex(16);
        member.created_at = member.updated_at = now;
        auto id = store::insert_member(db, member, domain::member_search_text(member));
        if (!id) return std::move(id).error();
        member.id = id.value();
        line.outcome = "created";
        ++report.created;
      }
      if (membership) {
        membership->member_id = member.id;
        if (auto id = store::insert_membership(db, *membership); !id) return std::move(id).error();
      }
      if (auto s = store::insert_import_record(db, batch_id.value(), member.id, static_cast<std::int64_t>(line.line), line.outcome); !s) {
        return std::move(s).error();
      }
      line.member_number = member.number;
      if (other_lines.size() < ImportReport::kMaxLines) other_lines.push_back(std::move(line));
    }

    report.applied = options.apply && (report.invalid == 0 || options.skip_invalid);
    store::ImportBatch counts;
    counts.created = static_cast<std::int64_t>(report.created);
    counts.updated = static_cast<std::int64_t>(report.updated);
    counts.unchanged = static_cast<std::int64_t>(report.unchanged);
    counts.skipped = static_cast<std::int64_t>(report.invalid);
    if (auto s = store::finish_import_batch(db, batch_id.value(), counts); !s) return std::move(s).error();
    auto audit = store::append_audit_entry(
        db, audit_entry(request, now, "members.imported", organization_id, "import:" + std::to_string(batch_id.value()),
                        {"created:" + std::to_string(report.created), "updated:" + std::to_string(report.updated)}));
    if (!audit) return std::move(audit).error();
    return report;
  };
  auto result = store::in_write_transaction_if(lease->db(), "importing members", body,
                                                [](const ImportReport& r) { return r.applied; });
  if (!result) return result;
  auto& out = result.value();
  for (auto& l : error_lines) {
    if (out.lines.size() >= ImportReport::kMaxLines) break;
    out.lines.push_back(std::move(l));
  }
  for (auto& l : other_lines) {
    if (out.lines.size() >= ImportReport::kMaxLines) break;
    out.lines.push_back(std::move(l));
  }
  return result;
}

}  // namespace registre::services
