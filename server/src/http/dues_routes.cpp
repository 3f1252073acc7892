#include <charconv>

#include "domain/calendar_date.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"
#include "http/representations.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

nlohmann::json to_json(const store::MembershipType& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"period", t.period},
          {"seasonStartMonth", t.season_start_month},
          {"rollingMonths", t.rolling_months},
          {"amountCents", t.amount_cents},
          {"currency", t.currency},
          {"createdAt", t.created_at}};
}

nlohmann::json to_json(const store::Membership& m) {
  return {{"id", m.id},
          {"memberId", m.member_id},
          {"typeId", m.type_id},
          {"startsOn", m.starts_on},
          {"endsOn", json_or_null(m.ends_on)},
          {"amountCents", m.amount_cents},
          {"currency", m.currency},
          {"paidOn", json_or_null(m.paid_on)},
          {"paymentMethod", json_or_null(m.payment_method)},
          {"reference", json_or_null(m.reference)},
          {"createdAt", m.created_at}};
}

nlohmann::json to_json(const services::DuesService::RenewalLine& line) {
  return {{"memberId", line.member.id},
          {"number", line.member.number},
          {"firstName", line.member.first_name},
          {"lastName", line.member.last_name},
          {"email", json_or_null(line.member.email)},
          {"status", line.member.status},
          {"paidUntil", json_or_null(line.paid_until)},
          {"lapsedSince", json_or_null(line.lapsed_since)}};
}

nlohmann::json to_json(const services::DuesService::SeasonTotal& t) {
  return {{"season", t.season},           {"typeId", t.type_id}, {"typeName", t.type_name},
          {"memberships", t.memberships}, {"paid", t.paid},      {"amountCents", t.amount_cents},
          {"paidCents", t.paid_cents}};
}

template <class T>
void write_items(RequestContext& ctx, const Result<std::vector<T>>& list) {
  if (!list) return ctx.problem(list.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : list.value())
    items.push_back(to_json(item));
  ctx.json(200, {{"items", std::move(items)}});
}

Error invalid_param(const std::string& name, const std::string& message) {
  Error e = make_error(ErrorKind::invalid, "invalid");
  e.fields.push_back({name, message});
  return e;
}

std::optional<Error> unknown_params_problem(const httplib::Request& req,
                                            std::initializer_list<std::string_view> allowed) {
  std::vector<FieldError> errors;
  refuse_unknown_params(req, allowed, errors);
  if (errors.empty()) return std::nullopt;
  return invalid_fields(std::move(errors));
}

}  // namespace

void add_dues_routes(Router& router, services::DuesService& dues) {
  router.add(
      {"GET", R"(/api/v1/organizations/(\d+)/membership-types)",
       auth::UseCase::list_membership_types, "/api/v1/organizations/1/membership-types"},
      [&dues](RequestContext& ctx) { write_items(ctx, dues.list_types(ctx.organization_id)); });

  router.add({"POST", R"(/api/v1/organizations/(\d+)/membership-types)",
              auth::UseCase::manage_membership_types, "/api/v1/organizations/1/membership-types"},
             [&dues](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"name", "period", "seasonStartMonth", "rollingMonths",
                                            "amountCents", "currency"});
               store::MembershipType draft;
               draft.organization_id = ctx.organization_id;
               draft.name = r.string("name", true).value_or("");
               draft.period = r.string("period", true).value_or("");
               draft.season_start_month =
                   static_cast<int>(r.integer("seasonStartMonth", 1, 12).value_or(9));
               draft.rolling_months =
                   static_cast<int>(r.integer("rollingMonths", 1, 120).value_or(12));
               draft.amount_cents = r.integer("amountCents", INT64_MIN, INT64_MAX, true)
                                        .value_or(0);  // range checked with the other rules
               draft.currency = r.string("currency").value_or("");
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto created = dues.create_type(ctx.info, draft);
               if (!created) return ctx.problem(created.error());
               ctx.json(201, to_json(created.value()));
             });

  router.add({"GET", R"(/api/v1/organizations/(\d+)/members/(\d+)/memberships)",
              auth::UseCase::list_memberships, "/api/v1/organizations/1/members/1/memberships"},
             [&dues](RequestContext& ctx) {
               write_items(ctx, dues.memberships_of(ctx.organization_id, path_number(ctx.req, 2)));
             });

  router.add({"POST", R"(/api/v1/organizations/(\d+)/members/(\d+)/memberships)",
              auth::UseCase::record_membership, "/api/v1/organizations/1/members/1/memberships"},
             [&dues](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"typeId", "startsOn", "amountCents", "paidOn",
                                            "paymentMethod", "reference"});
               services::DuesService::MembershipDraft draft;
               draft.type_id = r.integer("typeId", 1, INT64_MAX, true).value_or(0);
               draft.starts_on = r.string("startsOn", true).value_or("");
               draft.amount_cents = r.integer("amountCents", 0, 100'000'000);
               draft.paid_on = r.string("paidOn", false, true);
               draft.payment_method = r.string("paymentMethod", false, true);
               draft.reference = r.string("reference", false, true);
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto recorded =
                   dues.record(ctx.info, ctx.organization_id, path_number(ctx.req, 2), draft);
               if (!recorded) return ctx.problem(recorded.error());
               ctx.json(201, to_json(recorded.value()));
             });

  router.add(
      {"GET", R"(/api/v1/organizations/(\d+)/dues/renewals)", auth::UseCase::view_dues_reports,
       "/api/v1/organizations/1/dues/renewals?within=30"},
      [&dues](RequestContext& ctx) {
        if (auto unknown = unknown_params_problem(ctx.req, {"within"}))
          return ctx.problem(*unknown);
        int within = 30;
        if (ctx.req.has_param("within")) {
          const std::string v = ctx.req.get_param_value("within");
          auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), within);
          if (ec != std::errc() || ptr != v.data() + v.size() || within < 0 || within > 366) {
            return ctx.problem(invalid_param("within", "a number of days from 0 to 366"));
          }
        }
        write_items(ctx, dues.renewals_due(ctx.organization_id, within));
      });

  router.add({"GET", R"(/api/v1/organizations/(\d+)/dues/lapsed)", auth::UseCase::view_dues_reports,
              "/api/v1/organizations/1/dues/lapsed"},
             [&dues](RequestContext& ctx) {
               if (auto unknown = unknown_params_problem(ctx.req, {"since"}))
                 return ctx.problem(*unknown);
               std::string since;
               if (ctx.req.has_param("since")) {
                 auto date = domain::parse_date(ctx.req.get_param_value("since"));
                 if (!date) return ctx.problem(invalid_param("since", "a date such as 2026-09-01"));
                 since = domain::format_iso(*date);
               }
               write_items(ctx, dues.lapsed(ctx.organization_id, since));
             });

  router.add({"GET", R"(/api/v1/organizations/(\d+)/dues/totals)", auth::UseCase::view_dues_reports,
              "/api/v1/organizations/1/dues/totals"},
             [&dues](RequestContext& ctx) {
               if (auto unknown = unknown_params_problem(ctx.req, {})) return ctx.problem(*unknown);
               write_items(ctx, dues.totals(ctx.organization_id));
             });
}

}  // namespace registre::http
