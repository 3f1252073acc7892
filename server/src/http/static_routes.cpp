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

// The page a member opens from a signed link: <base>/public/consent#<token>. The token stays in
// the fragment, which browsers never send, so no server log (Nextcloud's included) sees it. The
// page is a shell without data; its script reads the fragment and calls /public/v1/consents/.
// Relative URLs ("../js/") work both at the app's root and behind Nextcloud's proxy.
std::string public_consent_page(const std::string& language) {
  return "<!DOCTYPE html>\n<html lang=\"" + language +
         "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"referrer\" content=\"no-referrer\">\n"
         "<title>" +
         i18n::translate(language, "public-page-title") +
         "</title>\n"
         "<link rel=\"icon\" href=\"../img/app.svg\">\n"
         "<script defer src=\"../js/registre-public.js\"></script>\n"
         "</head>\n<body>\n"
         "<div id=\"registre-public\" data-registre-base=\"../\"></div>\n"
         "<noscript>" +
         i18n::translate(language, "public-page-noscript") +
         "</noscript>\n"
         "</body>\n</html>\n";
}

}  // namespace

void add_static_routes(Router& router, const StaticAssets& assets, bool standalone) {
  router.add({"GET", R"(/((?:js|css|img|l10n)/[A-Za-z0-9._/-]+))", auth::UseCase::read_static_asset,
              "/js/registre-main.js"},
             [&assets](RequestContext& ctx) {
               const std::string path = ctx.req.matches[1];
               const StaticAsset* asset =
                   path.find("..") == std::string::npos ? assets.find(path) : nullptr;
               if (!asset) {
                 ctx.problem(make_error(ErrorKind::not_found, "not-found"));
                 return;
               }
               // Only a hashed file name guarantees the content: Nextcloud's "?v=" is its own
               // version, unchanged when Registre is upgraded, so the stable entry files
               // (registre-main.js, which loads the hashed ones) revalidate by ETag.
               ctx.res.set_header("Cache-Control", asset->immutable
                                                       ? "public, max-age=31536000, immutable"
                                                       : "no-cache");
               ctx.res.set_header("ETag", asset->etag);
               if (ctx.req.get_header_value("If-None-Match") == asset->etag) {
                 ctx.res.status = 304;
                 return;
               }
               ctx.res.set_content(asset->content, asset->content_type);
             });

  router.add({"GET", "/public/consent", auth::UseCase::read_static_asset, "/public/consent"},
             [](RequestContext& ctx) {
               ctx.res.set_header("Cache-Control", "no-cache");
               ctx.res.set_header("Referrer-Policy", "no-referrer");
               ctx.res.set_header("X-Frame-Options", "DENY");
               ctx.res.set_header(
                   "Content-Security-Policy",
                   "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                   "img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                   "form-action 'none'; frame-ancestors 'none'");
               ctx.res.set_content(public_consent_page(ctx.language), "text/html; charset=utf-8");
             });

  if (standalone) {
    router.add({"GET", "/", auth::UseCase::open_standalone_shell, "/"}, [](RequestContext& ctx) {
      ctx.res.set_header("Cache-Control", "no-store");
      ctx.res.set_content(shell_page(ctx.language), "text/html; charset=utf-8");
    });
  }
}

}  // namespace registre::http
