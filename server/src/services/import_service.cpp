#include "services/import_service.hpp"

#include <algorithm>

#include "crypto/sodium.hpp"
#include "domain/calendar_date.hpp"
#include "domain/member.hpp"
#include "domain/search_text.hpp"
#include "services/audit.hpp"
#include "services/member_statuses.hpp"
#include "services/organization_today.hpp"
#include "store/audit_store.hpp"
#include "store/field_definition_store.hpp"
#include "store/import_store.hpp"
#include "store/import_writer.hpp"
#include "store/member_store.hpp"
#include "store/membership_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

using domain::MemberColumn;

constexpr std::size_t kProgressEvery = 500;

// Applies a line's member fields and custom values to `member` (custom values checked as the
// member API checks them, required ones when `creating`). Errors name the columns.
Result<std::vector<std::string>> apply_line(const ImportContext& ctx, domain::Member& member,
                                            const domain::MemberChanges& changes,
                                            const std::string& today, bool creating) {
  std::vector<FieldError> errors;
  auto changed = domain::apply_member_changes(member, changes, today);
  if (!changed) errors = std::move(changed.error().fields);
  auto values = nlohmann::json::parse(member.custom, nullptr, false);
  auto custom = domain::apply_custom_values(values, changes.custom, ctx.definitions, creating);
  if (!custom) {
    auto& more = custom.error().fields;
    errors.insert(errors.end(), more.begin(), more.end());
  }
  if (!errors.empty()) {
    for (auto& e : errors)
      e.field = ctx.column_of(e.field);
    return invalid_fields(std::move(errors));
  }
  if (!custom->empty()) {
    member.custom = values.dump();
    changed->insert(changed->end(), custom->begin(), custom->end());
  }
  return changed;
}

struct Today {
  domain::Date date;
  std::string iso;
};

// Imports one line: finds the member it names (number, then e-mail), creates or updates it and
// records its membership. The outcome is "error" with the line's errors when it is invalid;
// storage failures are returned as an error.
// How a line's sensitive values reach the row: sealed when the import is applied; left out of a
// preview (checked, then rolled back), so a preview creates no key and writes no value in clear.
struct Sealing {
  SensitiveValues& sensitive;
  bool applied;
  Status prepare(domain::Member& member,
                 const std::vector<domain::FieldDefinition>& definitions) const {
    if (applied) return sensitive.seal(member, definitions);
    SensitiveValues::strip(member, definitions);
    return ok_status();
  }
};

Result<ImportLineReport> import_row(const ImportContext& ctx, store::ImportWriter& writer,
                                    SQLite::Database& db, const Sealing& sealing,
                                    const domain::CsvRow& row, const Today& today) {
  ImportLineReport report{row.line, "", std::nullopt, {}};
  ImportLine line = read_import_line(ctx, row.fields);
  report.errors = std::move(line.errors);

  std::optional<std::int64_t> existing_id;
  if (line.number) {
    auto found = writer.member_id_by_number(*line.number);
    if (!found) return std::move(found).error();
    existing_id = found.value();
  }
  domain::Member member;
  member.organization_id = ctx.organization_id;
  if (existing_id) {
    auto current = writer.get_member(*existing_id);
    if (!current) return std::move(current).error();
    member = std::move(current).value();
    if (auto opened = sealing.sensitive.open(member); !opened) return std::move(opened).error();
  }
  auto changed = apply_line(ctx, member, line.changes, today.iso, !existing_id);
  if (!existing_id && member.email && report.errors.empty()) {
    auto found = writer.member_id_by_email(*member.email);
    if (!found) return std::move(found).error();
    if (found.value()) {  // same person: update the stored record instead
      existing_id = found.value();
      auto current = writer.get_member(*existing_id);
      if (!current) return std::move(current).error();
      member = std::move(current).value();
      if (auto opened = sealing.sensitive.open(member); !opened) return std::move(opened).error();
      changed = apply_line(ctx, member, line.changes, today.iso, false);
    }
  }
  if (!changed) {
    auto& more = changed.error().fields;
    report.errors.insert(report.errors.end(), more.begin(), more.end());
  }
  if (!report.errors.empty()) {
    report.outcome = "error";
    return report;
  }

  const bool member_changed = !existing_id || !changed->empty();
  if (existing_id && !member_changed && !line.membership) {
    report.outcome = "unchanged";
    report.member_number = member.number;
    return report;
  }
  std::vector<store::Membership> memberships;
  if (existing_id) {
    auto stored = store::memberships_of(db, member.id);
    if (!stored) return std::move(stored).error();
    memberships = std::move(stored).value();
  }
  if (line.membership) memberships.push_back(*line.membership);
  member.status = derived_status(member, memberships, today.date);
  if (existing_id) {
    if (member_changed) {
      member.version += 1;
      member.updated_at = ctx.now;
      if (auto s = sealing.prepare(member, ctx.definitions); !s) return std::move(s).error();
      if (auto s = writer.update_member(member, domain::member_search_text(member)); !s)
        return std::move(s).error();
    } else {  // only a membership: the status may follow from it
      if (auto s = store::set_member_status(db, member.id, member.status); !s)
        return std::move(s).error();
    }
    report.outcome = "updated";
  } else {
    if (line.number) {
      member.number = *line.number;
    } else {
      auto number = writer.next_member_number();
      if (!number) return std::move(number).error();
      member.number = number.value();
    }
    member.pseudonym = crypto::random_hex(16);
    member.created_at = member.updated_at = ctx.now;
    if (auto s = sealing.prepare(member, ctx.definitions); !s) return std::move(s).error();
    auto id = writer.insert_member(member, domain::member_search_text(member));
    if (!id) return std::move(id).error();
    member.id = id.value();
    report.outcome = "created";
  }
  if (line.membership) {
    line.membership->member_id = member.id;
    if (auto id = store::insert_membership(db, *line.membership); !id) return std::move(id).error();
  }
  if (auto s = writer.insert_import_record(member.id, static_cast<std::int64_t>(report.line),
                                           report.outcome);
      !s) {
    return std::move(s).error();
  }
  report.member_number = member.number;
  return report;
}

}  // namespace

Result<PreparedImport> ImportService::prepare(std::int64_t organization_id, std::string_view bytes,
                                              const ImportOptions& options) {
  auto choices = domain::parse_column_choices(options.columns);
  if (!choices) return std::move(choices).error();
  auto document = domain::parse_csv(bytes);
  if (!document) return std::move(document).error();

  PreparedImport prepared;
  prepared.options = options;
  ImportContext& ctx = prepared.context;
  ctx.organization_id = organization_id;
  {
    auto lease = db_.acquire();
    if (!lease) return std::move(lease).error();
    if (auto today = today_in(lease->db(), organization_id, clock_); !today)
      return std::move(today).error();
    auto definitions = store::list_field_definitions(lease->db(), organization_id);
    if (!definitions) return std::move(definitions).error();
    ctx.definitions = std::move(definitions).value();
  }
  auto mapping = domain::map_import_columns(document->header, ctx.definitions, choices.value());
  if (!mapping) return std::move(mapping).error();
  ctx.mapping = std::move(mapping).value();
  ctx.header = std::move(document->header);
  ctx.index_headers();

  const bool has_name =
      std::any_of(ctx.mapping.by_index.begin(), ctx.mapping.by_index.end(), [](const auto& c) {
        return c.member == MemberColumn::last_name || c.member == MemberColumn::full_name;
      });
  if (!has_name) {
    Error e = make_error(ErrorKind::invalid, "invalid", "no column holds the members' last names");
    e.fields.push_back({"file", "needs a last-name column (Nom, Last name ...)"});
    return e;
  }

  ImportReport& report = prepared.report;
  report.file_name = options.file_name.empty() ? "import.csv" : options.file_name;
  report.file_hash = crypto::blake2b_256_hex(bytes);
  report.encoding = document->encoding;
  report.separator = document->separator;
  report.preset = ctx.mapping.preset;
  report.rows = document->rows.size();
  for (std::size_t i = 0; i < ctx.header.size(); ++i) {
    const auto& column = ctx.mapping.by_index[i];
    report.columns.push_back(
        {ctx.header[i], domain::field_name(column, ctx.definitions), column.chosen});
  }
  prepared.rows = std::move(document->rows);
  return prepared;
}

Result<ImportReport> ImportService::execute(const RequestInfo& request, PreparedImport prepared,
                                            const ImportProgress& progress) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  ImportContext& ctx = prepared.context;
  const ImportOptions& options = prepared.options;
  const std::int64_t organization_id = ctx.organization_id;
  ctx.now = format_utc(clock_.now());
  ctx.recorded_by = request.actor.audit_name();
  std::vector<ImportLineReport> error_lines, other_lines;

  auto body = [&](SQLite::Database& db) -> Result<ImportReport> {
    ImportReport report = prepared.report;
    auto date = today_in(db, organization_id, clock_);
    if (!date) return std::move(date).error();
    const Today today{date.value(), domain::format_iso(date.value())};
    auto types = store::list_membership_types(db, organization_id);
    if (!types) return std::move(types).error();
    ctx.types = std::move(types).value();
    store::ImportBatch batch{organization_id, report.file_name, report.file_hash, ctx.now,
                             ctx.recorded_by};
    auto batch_id = store::insert_import_batch(db, batch);
    if (!batch_id) return std::move(batch_id).error();

    store::ImportWriter writer(db, organization_id, batch_id.value());
    const Sealing sealing{sensitive_, options.apply};
    std::size_t done = 0;
    for (const auto& row : prepared.rows) {
      auto line = import_row(ctx, writer, db, sealing, row, today);
      if (!line) return std::move(line).error();
      if (progress && ++done % kProgressEvery == 0) progress(done);
      const std::string& outcome = line->outcome;
      if (outcome == "error") {
        ++report.invalid;
        error_lines.push_back(std::move(line).value());
        continue;
      }
      if (outcome == "created") ++report.created;
      if (outcome == "updated") ++report.updated;
      if (outcome == "unchanged") ++report.unchanged;
      if (other_lines.size() < ImportReport::kMaxLines)
        other_lines.push_back(std::move(line).value());
    }

    report.applied = options.apply && (report.invalid == 0 || options.skip_invalid);
    store::ImportBatch counts;
    counts.created = static_cast<std::int64_t>(report.created);
    counts.updated = static_cast<std::int64_t>(report.updated);
    counts.unchanged = static_cast<std::int64_t>(report.unchanged);
    counts.skipped = static_cast<std::int64_t>(report.invalid);
    if (auto s = store::finish_import_batch(db, batch_id.value(), counts); !s)
      return std::move(s).error();
    auto audit = store::append_audit_entry(
        db, audit_entry(request, ctx.now, "members.imported", organization_id,
                        "import:" + std::to_string(batch_id.value()),
                        {"created:" + std::to_string(report.created),
                         "updated:" + std::to_string(report.updated)}));
    if (!audit) return std::move(audit).error();
    return report;
  };
  auto result = store::in_write_transaction_if(lease->db(), "importing members", body,
                                               [](const ImportReport& r) { return r.applied; });
  if (!result) return result;
  if (progress) progress(prepared.rows.size());
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

Result<ImportReport> ImportService::run(const RequestInfo& request, std::int64_t organization_id,
                                        std::string_view bytes, const ImportOptions& options) {
  auto prepared = prepare(organization_id, bytes, options);
  if (!prepared) return std::move(prepared).error();
  return execute(request, std::move(prepared).value());
}

}  // namespace registre::services
