#include "core/log.hpp"
#include "http/routes.hpp"

namespace registre::http {

void add_lifecycle_routes(Router& router, nextcloud::Lifecycle* lifecycle) {
  router.add({"GET", "/heartbeat", auth::UseCase::heartbeat, "/heartbeat"},
             [](RequestContext& ctx) { ctx.json(200, {{"status", "ok"}}); });

  router.add({"POST", "/init", auth::UseCase::lifecycle_init, "/init"},
             [lifecycle](RequestContext& ctx) {
               if (!lifecycle) {
                 ctx.problem(make_error(ErrorKind::not_found, "not-found", "standalone mode"));
                 return;
               }
               lifecycle->start_init();  // answers at once; the work runs on the job thread
               ctx.json(200, nlohmann::json::object());
             });

  router.add({"PUT", "/enabled", auth::UseCase::lifecycle_enabled, "/enabled?enabled=1"},
             [lifecycle](RequestContext& ctx) {
               if (!lifecycle) {
                 ctx.problem(make_error(ErrorKind::not_found, "not-found", "standalone mode"));
                 return;
               }
               const std::string value = ctx.req.get_param_value("enabled");
               if (value != "0" && value != "1") {
                 Error e = make_error(ErrorKind::invalid, "invalid");
                 e.fields.push_back({"enabled", "must-be-0-or-1"});
                 ctx.problem(e);
                 return;
               }
               auto status = lifecycle->set_enabled(value == "1");
               if (!status) {
                 log::error("enable change failed", {{"enabled", value},
                                                     {"detail", status.error().detail},
                                                     {"request_id", ctx.info.request_id}});
                 // AppAPI reads {"error": ...}: a non-empty error keeps the app disabled.
                 ctx.json(200, {{"error", status.error().detail}});
                 return;
               }
               log::info(value == "1" ? "enabled" : "disabled", {{"request_id", ctx.info.request_id}});
               ctx.json(200, {{"error", ""}});
             });
}

}  // namespace registre::http
