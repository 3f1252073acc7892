#include "core/i18n.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

// Standalone mode's page: what Nextcloud's embedded page provides (a #content element, the
// script and the style), plus the base URL of the API. Served at "/", never at a .html path.
std::string shell_page(const std::string& language) {
  return "<!DOCTYPE html>\n<html lang=\"" + language +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>Registre</title>\n"
         "<link rel=\"icon\" href=\"img/app.svg\">\n"
         "<link rel=\"stylesheet\" href=\"css/registre-style.css\">\n"
         "<script defer src=\"js/registre-main.js\"></script>\n"
         "</head>\n<body class=\"registre-standalone\">\n"
         "<div id=\"content\" data-registre-base=\"/\"></div>\n</body>\n</html>\n";
}

}  // namespace

void add_static_routes(Router& router, const StaticAssets& assets, bool standalone) {
  router.add({"GET", R"(/((?:js|css|img|l10n)/[A-Za-z0-9._/-]+))", auth::UseCase::read_static_asset,
              "/js/registre-main.js"},
             [&assets](RequestContext& ctx) {
               const std::string path = ctx.req.matches[1];
               const StaticAsset* asset = path.find("..") == std::string::npos ? assets.find(path) : nullptr;
               if (!asset) {
                 ctx.problem(make_error(ErrorKind::not_found, "not-found"));
                 return;
               }
               // Nextcloud loads scripts and styles with ?v=<version hash>: such URLs never change
               // content, so the browser may keep them; other requests revalidate by ETag.
               ctx.res.set_header("Cache-Control", ctx.req.has_param("v")
                                                       ? "public, max-age=31536000, immutable"
                                                       : "no-cache");
               ctx.res.set_header("ETag", asset->etag);
               if (ctx.req.get_header_value("If-None-Match") == asset->etag) {
                 ctx.res.status = 304;
                 return;
               }
               ctx.res.set_content(asset->content, asset->content_type);
             });

  if (standalone) {
    router.add({"GET", "/", auth::UseCase::open_standalone_shell, "/"}, [](RequestContext& ctx) {
      ctx.res.set_header("Cache-Control", "no-store");
      ctx.res.set_content(shell_page(ctx.language), "text/html; charset=utf-8");
    });
  }
}

}  // namespace registre::http
