#include "http/representations.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

void write_organizations(RequestContext& ctx,
                         const Result<std::vector<domain::Organization>>& list) {
  if (!list) {
    ctx.problem(list.error());
    return;
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& o : list.value()) items.push_back(to_json(o));
  ctx.json(200, {{"items", std::move(items)}});
}

}  // namespace

void add_api_routes(Router& router, services::OrganizationService& organizations,
                    IdentityInfo identity) {
  router.add({"GET", "/api/v1/me", auth::UseCase::view_own_identity, "/api/v1/me"},
             [identity](RequestContext& ctx) {
               ctx.json(200, {{"userId", ctx.info.actor.user_id},
                              {"isAdmin", ctx.info.roles.has(auth::Role::admin)},
                              {"mode", identity.mode},
                              {"version", identity.version}});
             });

  router.add({"GET", "/api/v1/organizations", auth::UseCase::list_organizations,
              "/api/v1/organizations"},
             [&organizations](RequestContext& ctx) {
               write_organizations(ctx, organizations.list_visible(ctx.info));
             });

  router.add({"GET", "/admin/v1/organizations", auth::UseCase::list_all_organizations,
              "/admin/v1/organizations"},
             [&organizations](RequestContext& ctx) {
               write_organizations(ctx, organizations.list_all(ctx.info));
             });
}

}  // namespace registre::http
