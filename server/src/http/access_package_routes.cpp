#include "http/access_package_files.hpp"
#include "http/access_package_json.hpp"
#include "http/query_params.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

// ?format=json (the default) or ?format=zip; nothing else.
std::optional<std::string> format_of(RequestContext& ctx) {
  std::vector<FieldError> errors;
  refuse_unknown_params(ctx.req, {"format"}, errors);
  const std::string format =
      ctx.req.has_param("format") ? ctx.req.get_param_value("format") : "json";
  if (format != "json" && format != "zip") errors.push_back({"format", "json or zip"});
  if (!errors.empty()) {
    ctx.problem(invalid_fields(std::move(errors)));
    return std::nullopt;
  }
  return format;
}

void answer(RequestContext& ctx, const std::string& format,
            const Result<services::AccessPackage>& package) {
  if (!package) return ctx.problem(package.error());
  const auto document = access_package_json(package.value());
  // ctx.json sets Cache-Control: no-store, and so does the zip branch: a second header would
  // be a duplicate.
  auto attach = [&] {
    ctx.res.set_header(
        "Content-Disposition",
        "attachment; filename=\"" + access_package_file_name(document, format) + "\"");
  };
  if (format == "json") {
    attach();
    return ctx.json(200, document);
  }
  auto zip = domain::zip_archive(access_package_files(document, ctx.language),
                                 access_package_time(document));
  if (!zip) return ctx.problem(zip.error());
  attach();
  ctx.res.set_header("Cache-Control", "no-store");
  ctx.res.status = 200;
  ctx.res.set_content(std::move(zip).value(), "application/zip");
}

}  // namespace

void add_access_package_routes(Router& router, services::AccessPackageService& packages) {
  router.add(
      {"GET", R"(/api/v1/organizations/(\d+)/members/(\d+)/access-package)",
       auth::UseCase::export_access_package, "/api/v1/organizations/1/members/1/access-package"},
      [&packages](RequestContext& ctx) {
        const auto format = format_of(ctx);
        if (!format) return;
        answer(ctx, *format,
               packages.for_member(ctx.info, ctx.organization_id, path_number(ctx.req, 2)));
      });

  router.add(
      {"GET", R"(/api/v1/organizations/(\d+)/me/access-package)",
       auth::UseCase::export_own_access_package, "/api/v1/organizations/1/me/access-package"},
      [&packages](RequestContext& ctx) {
        const auto format = format_of(ctx);
        if (!format) return;
        answer(ctx, *format, packages.own(ctx.info, ctx.organization_id));
      });
}

}  // namespace registre::http
