#include <charconv>

#include "domain/csv_writer.hpp"
#include "http/query_params.hpp"
#include "http/representations.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

// Column headers in the user's language; the French ones are what the importer recognises.
std::vector<std::string> export_header(const std::string& language, bool notes,
                                       const std::vector<domain::FieldDefinition>& fields) {
  std::vector<std::string> h =
      language == "fr"
          ? std::vector<std::string>{"Numéro", "Nom", "Prénom", "Courriel", "Téléphone", "Adresse", "Code postal", "Ville",
                                     "Pays", "Date de naissance", "Date d'adhésion", "Date de départ", "Statut"}
          : std::vector<std::string>{"Number", "Last name", "First name", "Email", "Phone", "Address", "Postcode", "City",
                                     "Country", "Birth date", "Joined on", "Left on", "Status"};
  if (notes) h.push_back("Notes");
  for (const auto& f : fields) h.push_back(f.label);
  return h;
}

std::vector<std::string> export_row(const domain::Member& m, bool notes,
                                    const std::vector<domain::FieldDefinition>& fields) {
  auto o = [](const std::optional<std::string>& v) { return v.value_or(""); };
  std::vector<std::string> row = {std::to_string(m.number), m.last_name, m.first_name, o(m.email), o(m.phone),
                                  o(m.address), o(m.postcode), o(m.city), o(m.country), o(m.birth_date),
                                  o(m.admitted_on), o(m.left_on), m.status};
  if (notes) row.push_back(m.notes);
  const auto custom = nlohmann::json::parse(m.custom, nullptr, false);
  for (const auto& f : fields) {
    if (!custom.is_object() || !custom.contains(f.key)) {
      row.emplace_back();
    } else if (custom[f.key].is_string()) {
      row.push_back(custom[f.key].get<std::string>());
    } else if (custom[f.key].is_array()) {  // multiple choice: "a, b"
      std::string joined;
      for (const auto& v : custom[f.key]) joined += (joined.empty() ? "" : ", ") + v.get<std::string>();
      row.push_back(joined);
    } else {
      row.push_back(custom[f.key].dump());
    }
  }
  return row;
}

}  // namespace

void add_register_routes(Router& router, services::RegisterService& registers) {
  router.add({"GET", R"(/api/v1/organizations/(\d+)/export)", auth::UseCase::export_members,
              "/api/v1/organizations/1/export?format=csv"},
             [&registers](RequestContext& ctx) {
               std::vector<FieldError> errors;
               for (const auto& [name, value] : ctx.req.params) {
                 if (name != "format" && name != "separator" && !is_member_filter_param(name) && name != "sensitive" &&
                     name != "restricted") {
                   errors.push_back({name, "unknown parameter"});
                 }
               }
               const std::string format = ctx.req.has_param("format") ? ctx.req.get_param_value("format") : "csv";
               if (format != "csv" && format != "json") errors.push_back({"format", "json-or-csv"});
               const std::string separator = ctx.req.has_param("separator") ? ctx.req.get_param_value("separator") : "semicolon";
               if (separator != "semicolon" && separator != "comma") errors.push_back({"separator", "semicolon or comma"});
               services::RegisterService::ExportRequest what;
               what.filter = read_member_filter(ctx.req, errors);
               what.include_sensitive = ctx.req.get_param_value("sensitive") == "true";
               what.include_restricted = ctx.req.get_param_value("restricted") == "true";
               if (!errors.empty()) return ctx.problem(invalid_fields(std::move(errors)));
               auto exported = registers.export_members(ctx.info, ctx.organization_id, what);
               if (!exported) return ctx.problem(exported.error());
               const auto& members = exported->members;
               const auto& fields = exported->fields;
               const std::string base = "registre-" + std::to_string(ctx.organization_id);
               if (format == "json") {  // ctx.json sets Cache-Control itself
                 nlohmann::json items = nlohmann::json::array();
                 for (const auto& m : members) {
                   auto j = to_json(m);
                   if (!what.include_sensitive) j.erase("notes");
                   items.push_back(std::move(j));
                 }
                 ctx.res.set_header("Content-Disposition", "attachment; filename=\"" + base + ".json\"");
                 ctx.json(200, {{"items", std::move(items)}});
                 return;
               }
               ctx.res.set_header("Cache-Control", "no-store");
               std::vector<std::vector<std::string>> rows;
               rows.reserve(members.size());
               for (const auto& m : members) rows.push_back(export_row(m, what.include_sensitive, fields));
               domain::CsvWriteOptions options;
               options.separator = separator == "semicolon" ? ';' : ',';
               options.bom = true;  // Excel reads UTF-8 only with it
               ctx.res.set_header("Content-Disposition", "attachment; filename=\"" + base + ".csv\"");
               ctx.res.set_content(domain::csv_document(export_header(ctx.language, what.include_sensitive, fields), rows, options),
                                   "text/csv; charset=utf-8");
             });

  router.add({"GET", R"(/api/v1/organizations/(\d+)/audit)", auth::UseCase::read_audit_log,
              "/api/v1/organizations/1/audit"},
             [&registers](RequestContext& ctx) {
               std::size_t limit = 100;
               std::optional<std::int64_t> before;
               std::vector<FieldError> errors;
               refuse_unknown_params(ctx.req, {"limit", "before", "action"}, errors);
               if (ctx.req.has_param("limit")) {
                 const std::string v = ctx.req.get_param_value("limit");
                 auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), limit);
                 if (ec != std::errc() || ptr != v.data() + v.size() || limit < 1 || limit > 500) {
                   errors.push_back({"limit", "a whole number from 1 to 500"});
                 }
               }
               if (ctx.req.has_param("before")) {
                 const std::string v = ctx.req.get_param_value("before");
                 std::int64_t id = 0;
                 auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
                 if (ec != std::errc() || ptr != v.data() + v.size() || id < 1) errors.push_back({"before", "an entry id"});
                 else before = id;
               }
               if (!errors.empty()) return ctx.problem(invalid_fields(std::move(errors)));
               auto entries = registers.audit_entries(ctx.organization_id, ctx.req.get_param_value("action"), before, limit);
               if (!entries) return ctx.problem(entries.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& e : entries.value()) {
                 items.push_back({{"id", e.id}, {"at", e.entry.at}, {"actor", e.entry.actor}, {"action", e.entry.action},
                                  {"subject", e.entry.subject}, {"fields", e.entry.fields}, {"requestId", e.entry.request_id}});
               }
               ctx.json(200, {{"items", std::move(items)}});
             });

  router.add({"GET", "/admin/v1/audit/verify", auth::UseCase::verify_audit_log, "/admin/v1/audit/verify"},
             [&registers](RequestContext& ctx) {
               auto result = registers.verify_audit();
               if (!result) return ctx.problem(result.error());
               ctx.json(200, {{"entriesChecked", result->entries_checked},
                              {"entriesRedacted", result->entries_redacted},
                              {"intact", !result->first_broken_id.has_value()},
                              {"firstBrokenId", result->first_broken_id ? nlohmann::json(*result->first_broken_id) : nlohmann::json()}});
             });
}

}  // namespace registre::http
