// Incoming Nextcloud webhooks, and Nextcloud Forms forms taken as membership applications.
#include "domain/forms_application.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"
#include "http/representations.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

nlohmann::json mapping_json(const domain::FormMapping& m) {
  return {{"id", m.id},
          {"formId", m.form_id},
          {"ownerId", m.owner_id},
          {"fields", domain::fields_to_json(m.fields)},
          {"consents", domain::consents_to_json(m.consents)},
          {"createdAt", m.created_at},
          {"createdBy", m.created_by},
          {"updatedAt", m.updated_at},
          {"version", m.version}};
}

nlohmann::json application_json(const domain::Application& a, bool with_answers) {
  nlohmann::json out = {
      {"id", a.id},
      {"formId", a.form_id},
      {"submissionId", a.submission_id},
      {"status", a.status},
      {"memberId", a.member_id ? nlohmann::json(*a.member_id) : nlohmann::json(nullptr)},
      {"problems", a.problems},
      {"attempts", a.attempts},
      {"createdAt", a.created_at},
      {"updatedAt", a.updated_at},
      {"resolvedAt", json_or_null(a.resolved_at)},
      {"resolvedBy", json_or_null(a.resolved_by)}};
  if (with_answers) out["answers"] = a.answers ? *a.answers : nlohmann::json(nullptr);
  return out;
}

// The mapping's question maps, read from the body when present.
template <class Map, class Read>
std::optional<Map> read_map(const nlohmann::json& body, const char* name, Read read,
                            FieldReader& reader) {
  if (!body.contains(name)) return std::nullopt;
  auto parsed = read(body[name], name);
  if (!parsed) {
    for (const auto& f : parsed.error().fields)
      reader.reject(name, f.message);
    return std::nullopt;
  }
  return std::move(parsed).value();
}

std::optional<std::string> owner_of(FieldReader& r) {
  auto owner = r.string("ownerId");
  if (owner && (owner->empty() || owner->size() > 64)) {
    r.reject("ownerId", "1-to-64-characters");
    return std::nullopt;
  }
  return owner;
}

}  // namespace

void add_inbox_routes(Router& router, services::FormsInboxService& inbox) {
  // Deliveries come without a Content-Type: the body is read as it is, never through the JSON
  // content checks. Answered at once; the job runner does the work.
  router.add({"POST", "/webhooks/nextcloud", auth::UseCase::receive_nextcloud_webhook,
              "/webhooks/nextcloud"},
             [&inbox](RequestContext& ctx) {
               if (ctx.req.has_header("x-origin-ip")) {
                 // Nextcloud's proxy adds it to every browser request it forwards; its own
                 // webhook calls never carry it.
                 return ctx.problem(make_error(ErrorKind::forbidden, "forbidden",
                                               "webhook deliveries come from Nextcloud itself"));
               }
               auto received = inbox.receive(ctx.info, ctx.req.body);
               if (!received) return ctx.problem(received.error());
               ctx.json(200, {{"status", received->outcome}});
             });

  router.add({"GET", R"(/api/v1/organizations/(\d+)/forms)", auth::UseCase::list_form_mappings,
              "/api/v1/organizations/1/forms"},
             [&inbox](RequestContext& ctx) {
               auto list = inbox.list_mappings(ctx.organization_id);
               if (!list) return ctx.problem(list.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& m : list.value())
                 items.push_back(mapping_json(m));
               ctx.json(200, {{"items", std::move(items)}});
             });

  router.add({"POST", R"(/api/v1/organizations/(\d+)/forms)", auth::UseCase::manage_form_mappings,
              "/api/v1/organizations/1/forms"},
             [&inbox](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"formId", "ownerId", "fields", "consents"});
               domain::FormMapping draft;
               draft.organization_id = ctx.organization_id;
               draft.form_id = r.integer("formId", 1, 1'000'000'000'000, true).value_or(0);
               draft.owner_id = owner_of(r).value_or("");
               if (!body->contains("fields")) r.reject("fields", "required");
               draft.fields = read_map<std::map<std::int64_t, std::string>>(
                                  body.value(), "fields", domain::fields_from_json, r)
                                  .value_or(std::map<std::int64_t, std::string>{});
               draft.consents = read_map<std::map<std::int64_t, std::int64_t>>(
                                    body.value(), "consents", domain::consents_from_json, r)
                                    .value_or(std::map<std::int64_t, std::int64_t>{});
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto created = inbox.create_mapping(ctx.info, std::move(draft));
               if (!created) return ctx.problem(created.error());
               ctx.res.set_header("ETag", etag(created->version));
               ctx.json(201, mapping_json(created.value()));
             });

  router.add({"PUT", R"(/api/v1/organizations/(\d+)/forms/(\d+))",
              auth::UseCase::manage_form_mappings, "/api/v1/organizations/1/forms/1"},
             [&inbox](RequestContext& ctx) {
               auto version = required_if_match(ctx.req);
               if (!version) return ctx.problem(version.error());
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"ownerId", "fields", "consents"});
               services::FormsInboxService::MappingChanges changes;
               changes.owner_id = owner_of(r);
               changes.fields = read_map<std::map<std::int64_t, std::string>>(
                   body.value(), "fields", domain::fields_from_json, r);
               changes.consents = read_map<std::map<std::int64_t, std::int64_t>>(
                   body.value(), "consents", domain::consents_from_json, r);
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto updated =
                   inbox.update_mapping(ctx.info, ctx.organization_id, path_number(ctx.req, 2),
                                        version.value(), changes);
               if (!updated) return ctx.problem(updated.error());
               ctx.res.set_header("ETag", etag(updated->version));
               ctx.json(200, mapping_json(updated.value()));
             });

  router.add({"DELETE", R"(/api/v1/organizations/(\d+)/forms/(\d+))",
              auth::UseCase::manage_form_mappings, "/api/v1/organizations/1/forms/1"},
             [&inbox](RequestContext& ctx) {
               auto removed =
                   inbox.delete_mapping(ctx.info, ctx.organization_id, path_number(ctx.req, 2));
               if (!removed) return ctx.problem(removed.error());
               ctx.res.status = 204;
               ctx.res.set_header("Cache-Control", "no-store");
             });

  router.add({"GET", R"(/api/v1/organizations/(\d+)/applications)",
              auth::UseCase::list_applications, "/api/v1/organizations/1/applications"},
             [&inbox](RequestContext& ctx) {
               std::vector<FieldError> errors;
               refuse_unknown_params(ctx.req, {"status"}, errors);
               const std::string status = ctx.req.get_param_value("status");
               if (!status.empty() && status != "pending" && status != "created" &&
                   status != "needs_review" && status != "rejected" && status != "failed") {
                 errors.push_back({"status", "application-status-values"});
               }
               if (!errors.empty()) return ctx.problem(invalid_fields(std::move(errors)));
               auto list = inbox.list_applications(ctx.organization_id, status);
               if (!list) return ctx.problem(list.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& a : list.value())
                 items.push_back(application_json(a, false));
               ctx.json(200, {{"items", std::move(items)}});
             });

  router.add({"GET", R"(/api/v1/organizations/(\d+)/applications/(\d+))",
              auth::UseCase::list_applications, "/api/v1/organizations/1/applications/1"},
             [&inbox](RequestContext& ctx) {
               auto a =
                   inbox.get_application(ctx.info, ctx.organization_id, path_number(ctx.req, 2));
               if (!a) return ctx.problem(a.error());
               ctx.json(200, application_json(a.value(), true));
             });

  router.add(
      {"POST", R"(/api/v1/organizations/(\d+)/applications/(\d+)/dismissal)",
       auth::UseCase::resolve_application, "/api/v1/organizations/1/applications/1/dismissal"},
      [&inbox](RequestContext& ctx) {
        auto a = inbox.dismiss(ctx.info, ctx.organization_id, path_number(ctx.req, 2));
        if (!a) return ctx.problem(a.error());
        ctx.json(200, application_json(a.value(), true));
      });
}

}  // namespace registre::http
