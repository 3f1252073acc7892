#include "http/problem.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

nlohmann::json to_json(const services::ImportReport& r, const std::string& language) {
  nlohmann::json columns = nlohmann::json::array();
  for (const auto& c : r.columns) {
    columns.push_back({{"header", c.header},
                       {"field", c.field ? nlohmann::json(*c.field) : nlohmann::json()},
                       {"chosen", c.chosen}});
  }
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& l : r.lines) {
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& e : l.errors)
      errors.push_back({{"column", e.field}, {"message", i18n::translate(language, e.message)}});
    lines.push_back(
        {{"line", l.line},
         {"outcome", l.outcome},
         {"memberNumber", l.member_number ? nlohmann::json(*l.member_number) : nlohmann::json()},
         {"errors", std::move(errors)}});
  }
  return {{"fileName", r.file_name},  {"fileHash", r.file_hash},
          {"encoding", r.encoding},   {"separator", std::string(1, r.separator)},
          {"preset", r.preset},       {"columns", std::move(columns)},
          {"rows", r.rows},           {"created", r.created},
          {"updated", r.updated},     {"unchanged", r.unchanged},
          {"invalid", r.invalid},     {"applied", r.applied},
          {"lines", std::move(lines)}};
}

nlohmann::json to_json(const services::ImportJobStatus& s, std::int64_t organization_id,
                       const std::string& language) {
  nlohmann::json problem;
  if (s.error) problem = problem_body(*s.error, http_status_for(*s.error), language);
  return {{"id", s.id},
          {"state", s.state},
          {"statusUrl",
           "/api/v1/organizations/" + std::to_string(organization_id) + "/imports/" + s.id},
          {"rowsTotal", s.rows_total},
          {"rowsDone", s.rows_done},
          {"startedAt", s.started_at},
          {"report", s.report ? to_json(*s.report, language) : nlohmann::json()},
          {"problem", std::move(problem)}};
}

}  // namespace

void add_import_routes(Router& router, services::ImportService& imports,
                       services::ImportJobs& jobs) {
  router.add({"POST", R"(/api/v1/organizations/(\d+)/imports)", auth::UseCase::import_members,
              "/api/v1/organizations/1/imports?mode=preview"},
             [&imports, &jobs](RequestContext& ctx) {
               std::vector<FieldError> errors;
               // The file is the body. A form encoding would be parsed into parameters by the
               // HTTP library and the file lost: refuse it plainly.
               const std::string type = ctx.req.get_header_value("Content-Type");
               if (type.rfind("application/x-www-form-urlencoded", 0) == 0 ||
                   type.rfind("multipart/", 0) == 0) {
                 Error e =
                     make_error(ErrorKind::invalid, "invalid",
                                "send the CSV file itself as the body, with Content-Type text/csv");
                 e.fields.push_back({"Content-Type", "text/csv"});
                 return ctx.problem(e);
               }
               for (const auto& [name, value] : ctx.req.params) {
                 if (name != "mode" && name != "skipInvalid" && name != "fileName" &&
                     name != "columns" && name != "async") {
                   errors.push_back({name, "unknown parameter"});
                 }
               }
               const std::string mode = ctx.req.get_param_value("mode");
               if (mode != "preview" && mode != "apply")
                 errors.push_back({"mode", "preview or apply"});
               const std::string skip = ctx.req.get_param_value("skipInvalid");
               if (!skip.empty() && skip != "true" && skip != "false")
                 errors.push_back({"skipInvalid", "true or false"});
               const std::string async = ctx.req.get_param_value("async");
               if (!async.empty() && async != "true" && async != "false")
                 errors.push_back({"async", "true or false"});
               services::ImportOptions options;
               options.apply = mode == "apply";
               options.skip_invalid = skip == "true";
               options.file_name = ctx.req.get_param_value("fileName").substr(0, 255);
               options.columns = ctx.req.get_param_value("columns");
               if (!errors.empty()) {
                 return ctx.problem(invalid_fields(std::move(errors)));
               }
               // The body is the file itself (text/csv), up to the server's upload limit.
               auto prepared = imports.prepare(ctx.organization_id, ctx.req.body, options);
               if (!prepared) return ctx.problem(prepared.error());
               if (async == "true") {
                 auto started = jobs.start(ctx.info, std::move(prepared).value());
                 if (!started) return ctx.problem(started.error());
                 return ctx.json(202, to_json(started.value(), ctx.organization_id, ctx.language));
               }
               auto report = imports.execute(ctx.info, std::move(prepared).value());
               if (!report) return ctx.problem(report.error());
               ctx.json(options.apply && report->applied ? 201 : 200,
                        to_json(report.value(), ctx.language));
             });

  router.add({"GET", R"(/api/v1/organizations/(\d+)/imports/([0-9a-f]{32}))",
              auth::UseCase::read_import_status,
              "/api/v1/organizations/1/imports/0123456789abcdef0123456789abcdef"},
             [&jobs](RequestContext& ctx) {
               if (!ctx.req.params.empty()) {
                 std::vector<FieldError> errors;
                 for (const auto& [name, value] : ctx.req.params)
                   errors.push_back({name, "unknown parameter"});
                 return ctx.problem(invalid_fields(std::move(errors)));
               }
               auto status = jobs.status(ctx.info, ctx.organization_id, ctx.req.matches[2].str());
               if (!status) return ctx.problem(status.error());
               ctx.json(200, to_json(status.value(), ctx.organization_id, ctx.language));
             });
}

}  // namespace registre::http
