// Group sync administration: /admin/v1/organizations/{id}/group-sync/... (administrators only).
#include "http/json_body.hpp"
#include "http/representations.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

nlohmann::json empty_as_null(const std::string& value) {
  return value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value);
}

nlohmann::json group_json(const domain::ManagedGroup& g) {
  nlohmann::json last_sync = nullptr;
  if (g.synced_at) last_sync = format_utc(TimePoint(std::chrono::seconds(*g.synced_at)));
  return {{"id", g.id},
          {"kind", domain::to_string(g.kind)},
          {"role", empty_as_null(g.role)},
          {"fieldKey", empty_as_null(g.field_key)},
          {"groupId", g.group_id},
          {"displayName", empty_as_null(g.display_name)},
          {"actingUser", g.acting_user},
          {"createdAt", g.created_at},
          {"previewedAt", json_or_null(g.previewed_at)},
          {"confirmedAt", json_or_null(g.confirmed_at)},
          {"lastCompleteSyncAt", last_sync}};
}

nlohmann::json changes_json(const std::vector<services::GroupSyncService::AccountChange>& changes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : changes) {
    out.push_back({{"userId", c.user_id},
                   {"memberNumber",
                    c.member_number ? nlohmann::json(*c.member_number) : nlohmann::json(nullptr)}});
  }
  return out;
}

nlohmann::json group_sync_run_json(const store::GroupSyncRun& run) {
  auto report = nlohmann::json::parse(run.report, nullptr, false);
  nlohmann::json groups =
      report.is_object() && report.contains("groups") ? report["groups"] : nlohmann::json::array();
  return {{"id", run.id},
          {"trigger", run.trigger},
          {"startedAt", run.started_at},
          {"finishedAt", run.finished_at},
          {"errorCount", run.error_count},
          {"groups", std::move(groups)}};
}

}  // namespace

void add_group_sync_routes(Router& router, services::GroupSyncService& sync) {
  router.add({"GET", R"(/admin/v1/organizations/(\d+)/group-sync/groups)",
              auth::UseCase::read_group_sync, "/admin/v1/organizations/1/group-sync/groups"},
             [&sync](RequestContext& ctx) {
               auto groups = sync.list_groups(ctx.info, ctx.organization_id);
               if (!groups) return ctx.problem(groups.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& g : groups.value())
                 items.push_back(group_json(g));
               ctx.json(200, {{"items", std::move(items)}});
             });

  router.add({"POST", R"(/admin/v1/organizations/(\d+)/group-sync/groups)",
              auth::UseCase::manage_group_sync, "/admin/v1/organizations/1/group-sync/groups"},
             [&sync](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"kind", "role", "fieldKey", "groupId", "displayName"});
               services::GroupSyncService::Draft draft;
               draft.kind = r.string("kind", true).value_or("");
               draft.role = r.string("role", false, true).value_or("");
               draft.field_key = r.string("fieldKey", false, true).value_or("");
               draft.group_id = r.string("groupId", true).value_or("");
               draft.display_name = r.string("displayName", false, true).value_or("");
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto added = sync.add_group(ctx.info, ctx.organization_id, std::move(draft));
               if (!added) return ctx.problem(added.error());
               ctx.json(201, group_json(added.value()));
             });

  router.add(
      {"DELETE", R"(/admin/v1/organizations/(\d+)/group-sync/groups/(\d+))",
       auth::UseCase::manage_group_sync, "/admin/v1/organizations/1/group-sync/groups/999999"},
      [&sync](RequestContext& ctx) {
        auto done = sync.remove_group(ctx.info, ctx.organization_id, path_number(ctx.req, 2));
        if (!done) return ctx.problem(done.error());
        ctx.res.status = 204;
        ctx.res.set_header("Cache-Control", "no-store");
      });

  router.add({"POST", R"(/admin/v1/organizations/(\d+)/group-sync/groups/(\d+)/confirmation)",
              auth::UseCase::manage_group_sync,
              "/admin/v1/organizations/1/group-sync/groups/999999/confirmation"},
             [&sync](RequestContext& ctx) {
               auto confirmed =
                   sync.confirm_group(ctx.info, ctx.organization_id, path_number(ctx.req, 2));
               if (!confirmed) return ctx.problem(confirmed.error());
               ctx.json(200, group_json(confirmed.value()));
             });

  router.add({"POST", R"(/admin/v1/organizations/(\d+)/group-sync/preview)",
              auth::UseCase::preview_group_sync, "/admin/v1/organizations/1/group-sync/preview"},
             [&sync](RequestContext& ctx) {
               auto previews = sync.preview(ctx.info, ctx.organization_id);
               if (!previews) return ctx.problem(previews.error());
               nlohmann::json groups = nlohmann::json::array();
               for (const auto& p : previews.value()) {
                 groups.push_back({{"id", p.group.id},
                                   {"groupId", p.group.group_id},
                                   {"kind", domain::to_string(p.group.kind)},
                                   {"confirmed", p.group.confirmed_at.has_value()},
                                   {"toCreate", p.to_create},
                                   {"toAdd", changes_json(p.to_add)},
                                   {"toRemove", changes_json(p.to_remove)},
                                   {"error", json_or_null(p.error)}});
               }
               ctx.json(200, {{"groups", std::move(groups)}});
             });

  router.add({"POST", R"(/admin/v1/organizations/(\d+)/group-sync/runs)",
              auth::UseCase::run_group_sync, "/admin/v1/organizations/1/group-sync/runs"},
             [&sync](RequestContext& ctx) {
               auto queued = sync.request_run(ctx.info, ctx.organization_id);
               if (!queued) return ctx.problem(queued.error());
               ctx.json(202, {{"status", "queued"}});
             });

  router.add({"GET", R"(/admin/v1/organizations/(\d+)/group-sync/runs)",
              auth::UseCase::read_group_sync, "/admin/v1/organizations/1/group-sync/runs"},
             [&sync](RequestContext& ctx) {
               auto runs = sync.list_runs(ctx.info, ctx.organization_id);
               if (!runs) return ctx.problem(runs.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& run : runs.value())
                 items.push_back(group_sync_run_json(run));
               ctx.json(200, {{"items", std::move(items)}});
             });
}

}  // namespace registre::http
