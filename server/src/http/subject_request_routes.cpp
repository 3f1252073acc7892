#include "http/json_body.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

nlohmann::json request_json(const domain::SubjectRequest& r, const std::string& today) {
  auto text = [](const std::optional<std::string>& s) {
    return s ? nlohmann::json(*s) : nlohmann::json();
  };
  auto number = [](const std::optional<std::int64_t>& n) {
    return n ? nlohmann::json(*n) : nlohmann::json();
  };
  // ISO dates compare as text; "today" is the organisation's date.
  const bool overdue = domain::is_open(r) && r.due_on < today;
  return {{"id", r.id},
          {"organizationId", r.organization_id},
          {"memberId", number(r.member_id)},
          {"kind", r.kind},
          {"receivedOn", r.received_on},
          {"dueOn", r.due_on},
          {"overdue", overdue},
          {"status", r.status},
          {"handler", text(r.handler)},
          {"extensionMonths", number(r.extension_months)},
          {"extensionReason", text(r.extension_reason)},
          {"closedOn", text(r.closed_on)},
          {"closureProof", text(r.closure_proof)},
          {"createdAt", r.created_at},
          {"createdBy", r.created_by},
          {"updatedAt", r.updated_at},
          {"version", r.version}};
}

void write_view(RequestContext& ctx, int status,
                const Result<services::SubjectRequestService::View>& view) {
  if (!view) return ctx.problem(view.error());
  ctx.json(status, request_json(view->request, view->today));
}

}  // namespace

void add_subject_request_routes(Router& router, services::SubjectRequestService& requests) {
  const std::string list = R"(/api/v1/organizations/(\d+)/requests)";
  router.add(
      {"GET", list, auth::UseCase::list_subject_requests, "/api/v1/organizations/1/requests"},
      [&requests](RequestContext& ctx) {
        const std::string status =
            ctx.req.has_param("status") ? ctx.req.get_param_value("status") : "open";
        if (status != "open" && status != "all") {
          return ctx.problem(invalid_fields({{"status", "open-or-all"}}));
        }
        auto found = requests.list(ctx.info, ctx.organization_id, status == "open");
        if (!found) return ctx.problem(found.error());
        nlohmann::json items = nlohmann::json::array();
        for (const auto& r : found->items)
          items.push_back(request_json(r, found->today));
        ctx.json(200, {{"today", found->today}, {"items", std::move(items)}});
      });

  router.add(
      {"POST", list, auth::UseCase::manage_subject_requests, "/api/v1/organizations/1/requests"},
      [&requests](RequestContext& ctx) {
        auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
        if (!body) return ctx.problem(body.error());
        FieldReader r(body.value(), {"kind", "receivedOn", "memberId", "handler"});
        services::SubjectRequestService::NewRequest n;
        n.kind = r.string("kind", true).value_or("");
        n.received_on = r.string("receivedOn", false, true);
        n.member_id = r.integer("memberId", 1, INT64_MAX, false, true);
        n.handler = r.string("handler", false, true);
        if (auto s = r.finish(); !s) return ctx.problem(s.error());
        write_view(ctx, 201, requests.open(ctx.info, ctx.organization_id, n));
      });

  router.add({"GET", list + R"(/(\d+))", auth::UseCase::list_subject_requests,
              "/api/v1/organizations/1/requests/1"},
             [&requests](RequestContext& ctx) {
               write_view(ctx, 200,
                          requests.get(ctx.info, ctx.organization_id, path_number(ctx.req, 2)));
             });

  router.add({"PUT", list + R"(/(\d+))", auth::UseCase::manage_subject_requests,
              "/api/v1/organizations/1/requests/1"},
             [&requests](RequestContext& ctx) {
               auto version = required_if_match(ctx.req);
               if (!version) return ctx.problem(version.error());
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"handler"});
               const auto handler = r.string("handler", true, true);
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               write_view(ctx, 200,
                          requests.assign(ctx.info, ctx.organization_id, path_number(ctx.req, 2),
                                          version.value(), handler));
             });

  router.add({"POST", list + R"(/(\d+)/extension)", auth::UseCase::manage_subject_requests,
              "/api/v1/organizations/1/requests/1/extension"},
             [&requests](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"extensionMonths", "reason"});
               const auto months = r.integer("extensionMonths", INT64_MIN, INT64_MAX, true);
               const auto reason = r.string("reason", true);
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               write_view(ctx, 200,
                          requests.extend(ctx.info, ctx.organization_id, path_number(ctx.req, 2),
                                          months.value_or(0), reason.value_or("")));
             });

  router.add({"POST", list + R"(/(\d+)/closure)", auth::UseCase::manage_subject_requests,
              "/api/v1/organizations/1/requests/1/closure"},
             [&requests](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"status", "closureProof"});
               const auto outcome = r.string("status", true);
               const auto proof = r.string("closureProof", true);
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               write_view(ctx, 200,
                          requests.close(ctx.info, ctx.organization_id, path_number(ctx.req, 2),
                                         outcome.value_or(""), proof.value_or("")));
             });
}

}  // namespace registre::http
