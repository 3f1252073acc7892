#include <algorithm>
#include <charconv>

#include "crypto/sodium.hpp"
#include "http/cursor.hpp"
#include "http/json_body.hpp"
#include "http/member_json.hpp"
#include "http/query_params.hpp"
#include "http/representations.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

constexpr std::size_t kMaxPageSize = 200;

// Reads the member fields of a create or update body.
Result<domain::MemberChanges> read_member_fields(const nlohmann::json& body, bool creating) {
  FieldReader r(body, {"firstName", "lastName", "email", "phone", "address", "postcode", "city",
                       "country", "birthDate", "nextcloudUser", "notes", "householdId", "admittedOn",
                       "leftOn", "restricted", "custom"});
  domain::MemberChanges c;
  c.first_name = r.string("firstName", false, true);
  c.last_name = r.string("lastName", creating);
  c.email = r.string("email", false, true);
  c.phone = r.string("phone", false, true);
  c.address = r.string("address", false, true);
  c.postcode = r.string("postcode", false, true);
  c.city = r.string("city", false, true);
  c.country = r.string("country", false, true);
  c.birth_date = r.string("birthDate", false, true);
  c.nextcloud_user = r.string("nextcloudUser", false, true);
  c.notes = r.string("notes", false, true);
  c.household_id = r.integer("householdId", 1, INT64_MAX, false, true);
  c.admitted_on = r.string("admittedOn", false, true);
  c.left_on = r.string("leftOn", false, true);
  c.restricted = r.boolean("restricted");
  c.clear = r.nulls();
  if (body.contains("custom")) c.custom = body["custom"];  // checked against the definitions by the service
  c.clear.erase(std::remove(c.clear.begin(), c.clear.end(), "custom"), c.clear.end());
  if (auto s = r.finish(); !s) return std::move(s).error();
  return c;
}

Result<services::MemberService::ListRequest> read_list_query(const httplib::Request& req) {
  services::MemberService::ListRequest lr;
  std::vector<FieldError> errors;
  for (const auto& [name, value] : req.params) {
    if (!is_member_filter_param(name) && name != "sort" && name != "limit" && name != "after" && name != "count") {
      errors.push_back({name, "unknown parameter"});
    }
  }
  lr.filter = read_member_filter(req, errors);
  const std::string sort = req.get_param_value("sort");
  if (sort.empty() || sort == "name") lr.sort = store::MemberSort::name;
  else if (sort == "number") lr.sort = store::MemberSort::number;
  else if (sort == "joined") lr.sort = store::MemberSort::admission;
  else if (sort == "status") lr.sort = store::MemberSort::status;
  else errors.push_back({"sort", "name, number, joined or status"});
  if (req.has_param("limit")) {
    const std::string limit = req.get_param_value("limit");
    std::size_t value = 0;
    auto [ptr, ec] = std::from_chars(limit.data(), limit.data() + limit.size(), value);
    if (ec != std::errc() || ptr != limit.data() + limit.size() || value < 1 || value > kMaxPageSize) {
      errors.push_back({"limit", "a whole number from 1 to 200"});
    } else {
      lr.limit = value;
    }
  }
  if (req.has_param("after")) {
    lr.after = decode_cursor(req.get_param_value("after"));
    if (!lr.after) errors.push_back({"after", "not a cursor given by this API"});
  }
  const std::string count = req.get_param_value("count");
  if (!count.empty() && count != "true" && count != "false" && count != "1" && count != "0") {
    errors.push_back({"count", "true or false"});
  }
  lr.with_total = count == "true" || count == "1";
  if (!errors.empty()) {
    return invalid_fields(std::move(errors));
  }
  return lr;
}

nlohmann::json to_json(const domain::FieldDefinition& d) {
  return {{"id", d.id},
          {"key", d.key},
          {"label", d.label},
          {"type", d.type},
          {"classification", d.classification},
          {"required", d.required},
          {"choices", d.choices},
          {"createdAt", d.created_at}};
}

}  // namespace

void add_member_routes(Router& router, services::MemberService& members) {
  router.add({"GET", R"(/api/v1/organizations/(\d+)/fields)", auth::UseCase::list_custom_fields,
              "/api/v1/organizations/1/fields"},
             [&members](RequestContext& ctx) {
               auto fields = members.list_fields(ctx.organization_id);
               if (!fields) return ctx.problem(fields.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& d : fields.value()) items.push_back(to_json(d));
               ctx.json(200, {{"items", std::move(items)}});
             });

  router.add({"POST", R"(/api/v1/organizations/(\d+)/fields)", auth::UseCase::manage_custom_fields,
              "/api/v1/organizations/1/fields"},
             [&members](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"key", "label", "type", "classification", "required", "choices"});
               domain::FieldDefinition draft;
               draft.organization_id = ctx.organization_id;
               draft.key = r.string("key", true).value_or("");
               draft.label = r.string("label", true).value_or("");
               draft.type = r.string("type", true).value_or("");
               draft.classification = r.string("classification").value_or("other");
               draft.required = r.boolean("required").value_or(false);
               if (body->contains("choices")) {
                 const auto& choices = body.value()["choices"];
                 if (!choices.is_array()) {
                   // Reported with every other error of the definition, not alone.
                   r.reject("choices", "a list of texts");
                   for (const auto& e : domain::validate_definition(draft)) {
                     if (e.field != "choices") r.reject(e.field.c_str(), e.message);
                   }
                 } else {
                   for (const auto& c : choices) draft.choices.push_back(c.is_string() ? c.template get<std::string>() : std::string());
                 }
               }
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto created = members.create_field(ctx.info, draft);
               if (!created) return ctx.problem(created.error());
               ctx.json(201, to_json(created.value()));
             });

  router.add({"GET", R"(/api/v1/organizations/(\d+)/members)", auth::UseCase::list_members,
              "/api/v1/organizations/1/members"},
             [&members](RequestContext& ctx) {
               auto query = read_list_query(ctx.req);
               if (!query) return ctx.problem(query.error());
               auto page = members.list(ctx.info, ctx.organization_id, query.value());
               if (!page) return ctx.problem(page.error());
               // Written directly (http/member_json.hpp); the same text as the nlohmann object would give.
               std::string body = "{\"items\":[";
               body.reserve(600 * page->items.size() + 200);
               for (std::size_t i = 0; i < page->items.size(); ++i) {
                 if (i) body += ',';
                 append_member_json(body, page->items[i]);
               }
               body += "],\"next\":";
               if (page->next) append_json_string(body, encode_cursor(*page->next));
               else body += "null";
               if (page->total) body += ",\"total\":" + std::to_string(*page->total);
               body += '}';
               ctx.res.status = 200;
               ctx.res.set_header("Cache-Control", "no-store");
               ctx.res.set_content(std::move(body), "application/json");
             });

  router.add({"POST", R"(/api/v1/organizations/(\d+)/members)", auth::UseCase::create_member,
              "/api/v1/organizations/1/members"},
             [&members](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               auto fields = read_member_fields(body.value(), true);
               if (!fields) return ctx.problem(fields.error());
               std::optional<services::IdempotencyKey> idempotency;
               if (ctx.req.has_header("Idempotency-Key")) {
                 const std::string key = ctx.req.get_header_value("Idempotency-Key");
                 if (key.empty() || key.size() > 255) {
                   Error e = make_error(ErrorKind::invalid, "invalid");
                   e.fields.push_back({"Idempotency-Key", "1 to 255 characters"});
                   return ctx.problem(e);
                 }
                 idempotency = services::IdempotencyKey{
                     key, crypto::blake2b_256_hex(ctx.req.method + "\n" + ctx.req.path + "\n" + ctx.req.body)};
               }
               auto created = members.create(ctx.info, ctx.organization_id, fields.value(), idempotency);
               if (!created) return ctx.problem(created.error());
               ctx.res.set_header("ETag", etag(created->member.version));
               ctx.res.set_header("Location", "/api/v1/organizations/" + std::to_string(ctx.organization_id) +
                                                  "/members/" + std::to_string(created->member.id));
               if (created->replayed) ctx.res.set_header("Idempotent-Replayed", "true");
               ctx.json(201, to_json(created->member));
             });

  router.add({"GET", R"(/api/v1/organizations/(\d+)/members/(\d+))", auth::UseCase::read_member,
              "/api/v1/organizations/1/members/1"},
             [&members](RequestContext& ctx) {
               auto member = members.get(ctx.info, ctx.organization_id, path_number(ctx.req, 2));
               if (!member) return ctx.problem(member.error());
               ctx.res.set_header("ETag", etag(member->version));
               ctx.json(200, to_json(member.value()));
             });

  router.add({"PUT", R"(/api/v1/organizations/(\d+)/members/(\d+))", auth::UseCase::update_member,
              "/api/v1/organizations/1/members/1"},
             [&members](RequestContext& ctx) {
               auto version = required_if_match(ctx.req);
               if (!version) return ctx.problem(version.error());
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               auto changes = read_member_fields(body.value(), false);
               if (!changes) return ctx.problem(changes.error());
               auto updated = members.update(ctx.info, ctx.organization_id, path_number(ctx.req, 2),
                                             version.value(), changes.value());
               if (!updated) return ctx.problem(updated.error());
               ctx.res.set_header("ETag", etag(updated->version));
               ctx.json(200, to_json(updated.value()));
             });

  router.add({"DELETE", R"(/api/v1/organizations/(\d+)/members/(\d+))", auth::UseCase::delete_member,
              "/api/v1/organizations/1/members/1"},
             [&members](RequestContext& ctx) {
               auto version = required_if_match(ctx.req);
               if (!version) return ctx.problem(version.error());
               auto done = members.remove(ctx.info, ctx.organization_id, path_number(ctx.req, 2), version.value());
               if (!done) return ctx.problem(done.error());
               ctx.res.status = 204;
               ctx.res.set_header("Cache-Control", "no-store");
             });
}

}  // namespace registre::http
