#include "http/json_body.hpp"
#include "http/representations.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

void write_grants(RequestContext& ctx, const Result<std::vector<store::RoleGrant>>& grants) {
  if (!grants) return ctx.problem(grants.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& g : grants.value())
    items.push_back(http::to_json(g));
  ctx.json(200, {{"items", std::move(items)}});
}

}  // namespace

void add_organization_routes(Router& router, services::OrganizationService& organizations,
                             services::RoleService& roles) {
  router.add({"POST", "/admin/v1/organizations", auth::UseCase::create_organization,
              "/admin/v1/organizations"},
             [&organizations](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"slug", "name", "legalForm", "timezone", "currency"});
               domain::Organization draft;
               draft.slug = r.string("slug", true).value_or("");
               draft.name = r.string("name", true).value_or("");
               draft.legal_form = r.string("legalForm").value_or("association");
               draft.timezone = r.string("timezone").value_or("Europe/Paris");
               draft.currency = r.string("currency").value_or("EUR");
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto created = organizations.create(ctx.info, draft);
               if (!created) return ctx.problem(created.error());
               ctx.res.set_header("ETag", etag(created->version));
               ctx.json(201, to_json(created.value()));
             });

  router.add(
      {"PUT", R"(/admin/v1/organizations/(\d+))", auth::UseCase::update_organization,
       "/admin/v1/organizations/1"},
      [&organizations](RequestContext& ctx) {
        auto version = required_if_match(ctx.req);
        if (!version) return ctx.problem(version.error());
        auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
        if (!body) return ctx.problem(body.error());
        FieldReader r(body.value(), {"name", "archived"});
        services::OrganizationService::Update changes{r.string("name"), r.boolean("archived")};
        if (auto s = r.finish(); !s) return ctx.problem(s.error());
        auto updated =
            organizations.update(ctx.info, path_number(ctx.req, 1), version.value(), changes);
        if (!updated) return ctx.problem(updated.error());
        ctx.res.set_header("ETag", etag(updated->version));
        ctx.json(200, to_json(updated.value()));
      });

  const auto list_grants = [&roles](RequestContext& ctx) {
    write_grants(ctx, roles.list(ctx.info, ctx.organization_id));
  };
  router.add({"GET", R"(/admin/v1/organizations/(\d+)/roles)", auth::UseCase::list_role_grants,
              "/admin/v1/organizations/1/roles"},
             list_grants);
  router.add({"GET", R"(/api/v1/organizations/(\d+)/roles)", auth::UseCase::list_role_grants,
              "/api/v1/organizations/1/roles"},
             list_grants);

  router.add({"POST", R"(/admin/v1/organizations/(\d+)/roles)", auth::UseCase::grant_role,
              "/admin/v1/organizations/1/roles"},
             [&roles](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"principalType", "principalId", "role"});
               store::RoleGrant draft;
               draft.organization_id = ctx.organization_id;
               draft.principal_type = r.string("principalType", true).value_or("");
               draft.principal_id = r.string("principalId", true).value_or("");
               draft.role = r.string("role", true).value_or("");
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto granted = roles.grant(ctx.info, draft);
               if (!granted) return ctx.problem(granted.error());
               ctx.json(201, to_json(granted.value()));
             });

  router.add({"DELETE", R"(/admin/v1/organizations/(\d+)/roles/(\d+))", auth::UseCase::revoke_role,
              "/admin/v1/organizations/1/roles/999999"},
             [&roles](RequestContext& ctx) {
               auto done = roles.revoke(ctx.info, ctx.organization_id, path_number(ctx.req, 2));
               if (!done) return ctx.problem(done.error());
               ctx.res.status = 204;
               ctx.res.set_header("Cache-Control", "no-store");
             });
}

}  // namespace registre::http
