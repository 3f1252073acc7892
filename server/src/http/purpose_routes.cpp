#include "domain/csv_writer.hpp"
#include "domain/purpose_presets.hpp"
#include "http/consent_representations.hpp"
#include "http/json_body.hpp"
#include "http/query_params.hpp"
#include "http/representations.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

// A list of strings (dataCategories, recipients); FieldReader has no list reader because no
// other body has one. Appends to `errors` and returns nullopt when the value is not one.
std::optional<std::vector<std::string>> string_list(const nlohmann::json& body, const char* name,
                                                    std::vector<FieldError>& errors) {
  if (!body.contains(name)) return std::nullopt;
  const auto& v = body[name];
  if (!v.is_array()) {
    errors.push_back({name, "must-be-list-of-strings"});
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string()) {
      errors.push_back({name, "must-be-list-of-strings"});
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

Status merge(Status reader, std::vector<FieldError> more) {
  if (reader && more.empty()) return reader;
  Error e = reader ? invalid_fields({}) : std::move(reader).error();
  for (auto& f : more)
    e.fields.push_back(std::move(f));
  return e;
}

nlohmann::json preset_json(const domain::PurposePreset& p, const std::string& language) {
  const auto& t = p.in(language);
  return {{"key", p.key},
          {"legalBasis", p.legal_basis},
          {"title", t.title},
          {"description", t.description},
          {"dataCategories", t.data_categories},
          {"recipients", t.recipients},
          {"retention", t.retention},
          {"textFr", p.text_fr},
          {"textEn", p.text_en}};
}

}  // namespace

void add_purpose_routes(Router& router, services::PurposeService& purposes) {
  router.add({"GET", "/api/v1/purpose-presets", auth::UseCase::list_purpose_presets,
              "/api/v1/purpose-presets"},
             [](RequestContext& ctx) {
               // ?lang= chooses the language of titles and descriptions; else Accept-Language.
               std::string language = ctx.language;
               if (ctx.req.has_param("lang")) {
                 language = ctx.req.get_param_value("lang");
                 if (language != "fr" && language != "en")
                   return ctx.problem(invalid_fields({{"lang", "fr-or-en"}}));
               }
               nlohmann::json items = nlohmann::json::array();
               for (const auto& p : domain::purpose_presets())
                 items.push_back(preset_json(p, language));
               ctx.json(200, {{"language", language}, {"items", std::move(items)}});
             });

  router.add({"GET", R"(/api/v1/organizations/(\d+)/purposes)", auth::UseCase::list_purposes,
              "/api/v1/organizations/1/purposes"},
             [&purposes](RequestContext& ctx) {
               auto list = purposes.list(ctx.organization_id);
               if (!list) return ctx.problem(list.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& view : list.value())
                 items.push_back(to_json(view));
               ctx.json(200, {{"items", std::move(items)}});
             });

  router.add(
      {"POST", R"(/api/v1/organizations/(\d+)/purposes)", auth::UseCase::manage_purposes,
       "/api/v1/organizations/1/purposes"},
      [&purposes](RequestContext& ctx) {
        auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
        if (!body) return ctx.problem(body.error());
        FieldReader r(body.value(),
                      {"preset", "language", "key", "title", "description", "legalBasis",
                       "dataCategories", "recipients", "retention", "textFr", "textEn"});
        std::vector<FieldError> errors;
        if (r.present("preset")) {
          // Adopting a preset: only the language of its titles may be chosen.
          auto preset = r.string("preset", true);
          auto language = r.string("language").value_or(ctx.language);
          for (const char* other : {"key", "title", "description", "legalBasis", "dataCategories",
                                    "recipients", "retention", "textFr", "textEn"}) {
            if (r.present(other)) errors.push_back({other, "not-with-preset"});
          }
          if (language != "fr" && language != "en") errors.push_back({"language", "fr-or-en"});
          if (auto s = merge(r.finish(), std::move(errors)); !s) return ctx.problem(s.error());
          auto created = purposes.adopt_preset(ctx.info, ctx.organization_id, *preset, language);
          if (!created) return ctx.problem(created.error());
          ctx.res.set_header("ETag", etag(created->purpose.version));
          return ctx.json(201, to_json(created.value()));
        }
        domain::Purpose draft;
        draft.organization_id = ctx.organization_id;
        draft.key = r.string("key", true).value_or("");
        draft.title = r.string("title", true).value_or("");
        draft.description = r.string("description").value_or("");
        draft.legal_basis = r.string("legalBasis", true).value_or("");
        draft.data_categories = string_list(body.value(), "dataCategories", errors)
                                    .value_or(std::vector<std::string>{});
        draft.recipients =
            string_list(body.value(), "recipients", errors).value_or(std::vector<std::string>{});
        draft.retention = r.string("retention").value_or("");
        if (r.present("language")) errors.push_back({"language", "only-with-preset"});
        auto text_fr = r.string("textFr");
        auto text_en = r.string("textEn");
        if (text_fr.has_value() != text_en.has_value()) {
          errors.push_back({text_fr ? "textEn" : "textFr", "both-texts-or-none"});
        }
        if (auto s = merge(r.finish(), std::move(errors)); !s) return ctx.problem(s.error());
        std::optional<services::PurposeService::Texts> texts;
        if (text_fr && text_en) texts = services::PurposeService::Texts{*text_fr, *text_en};
        auto created = purposes.create(ctx.info, std::move(draft), std::move(texts));
        if (!created) return ctx.problem(created.error());
        ctx.res.set_header("ETag", etag(created->purpose.version));
        ctx.json(201, to_json(created.value()));
      });

  router.add({"PUT", R"(/api/v1/organizations/(\d+)/purposes/(\d+))",
              auth::UseCase::manage_purposes, "/api/v1/organizations/1/purposes/1"},
             [&purposes](RequestContext& ctx) {
               auto version = required_if_match(ctx.req);
               if (!version) return ctx.problem(version.error());
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"title", "description", "legalBasis", "dataCategories",
                                            "recipients", "retention", "active"});
               std::vector<FieldError> errors;
               services::PurposeService::Changes changes;
               changes.title = r.string("title");
               changes.description = r.string("description");
               changes.legal_basis = r.string("legalBasis");
               changes.retention = r.string("retention");
               changes.data_categories = string_list(body.value(), "dataCategories", errors);
               changes.recipients = string_list(body.value(), "recipients", errors);
               changes.active = r.boolean("active");
               if (auto s = merge(r.finish(), std::move(errors)); !s) return ctx.problem(s.error());
               auto updated = purposes.update(ctx.info, ctx.organization_id,
                                              path_number(ctx.req, 2), version.value(), changes);
               if (!updated) return ctx.problem(updated.error());
               ctx.res.set_header("ETag", etag(updated->purpose.version));
               ctx.json(200, to_json(updated.value()));
             });

  router.add({"GET", R"(/api/v1/organizations/(\d+)/purposes/(\d+)/versions)",
              auth::UseCase::list_purposes, "/api/v1/organizations/1/purposes/1/versions"},
             [&purposes](RequestContext& ctx) {
               auto list = purposes.versions(ctx.organization_id, path_number(ctx.req, 2));
               if (!list) return ctx.problem(list.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& v : list.value())
                 items.push_back(to_json(v));
               ctx.json(200, {{"items", std::move(items)}});
             });

  router.add({"POST", R"(/api/v1/organizations/(\d+)/purposes/(\d+)/versions)",
              auth::UseCase::publish_purpose_text, "/api/v1/organizations/1/purposes/1/versions"},
             [&purposes](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"textFr", "textEn"});
               services::PurposeService::Texts texts;
               texts.fr = r.string("textFr", true).value_or("");
               texts.en = r.string("textEn", true).value_or("");
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto published =
                   purposes.publish(ctx.info, ctx.organization_id, path_number(ctx.req, 2), texts);
               if (!published) return ctx.problem(published.error());
               ctx.json(201, to_json(published.value()));
             });

  router.add(
      {"GET", R"(/api/v1/organizations/(\d+)/purposes/(\d+)/renewals)",
       auth::UseCase::list_consent_renewals, "/api/v1/organizations/1/purposes/1/renewals"},
      [&purposes](RequestContext& ctx) {
        auto rows = purposes.renewals(ctx.info, ctx.organization_id, path_number(ctx.req, 2));
        if (!rows) return ctx.problem(rows.error());
        nlohmann::json items = nlohmann::json::array();
        for (const auto& row : rows.value()) {
          items.push_back({{"memberId", row.member_id},
                           {"number", row.member_number},
                           {"firstName", row.first_name},
                           {"lastName", row.last_name},
                           {"email", row.email ? nlohmann::json(*row.email) : nlohmann::json()},
                           {"consent", to_json(row.latest)}});
        }
        ctx.json(200, {{"items", std::move(items)}});
      });

  // The mailing list of a purpose: who may be processed for it today (domain::may_process).
  router.add(
      {"GET", R"(/api/v1/organizations/(\d+)/purposes/(\d+)/audience)",
       auth::UseCase::list_purpose_audience, "/api/v1/organizations/1/purposes/1/audience"},
      [&purposes](RequestContext& ctx) {
        std::vector<FieldError> errors;
        refuse_unknown_params(ctx.req, {"format"}, errors);
        const std::string format =
            ctx.req.has_param("format") ? ctx.req.get_param_value("format") : "json";
        if (format != "json" && format != "csv") errors.push_back({"format", "json-or-csv"});
        if (!errors.empty()) return ctx.problem(invalid_fields(std::move(errors)));
        auto audience = purposes.audience(ctx.info, ctx.organization_id, path_number(ctx.req, 2));
        if (!audience) return ctx.problem(audience.error());
        const auto& a = audience.value();
        if (format == "csv") {
          ctx.res.set_header("Cache-Control", "no-store");
          std::vector<std::vector<std::string>> rows;
          rows.reserve(a.members.size());
          for (const auto& m : a.members) {
            rows.push_back(
                {std::to_string(m.number), m.last_name, m.first_name, m.email.value_or("")});
          }
          domain::CsvWriteOptions options;
          options.separator = ';';
          options.bom = true;  // Excel reads UTF-8 only with it
          const std::vector<std::string> header =
              ctx.language == "fr"
                  ? std::vector<std::string>{"Numéro", "Nom", "Prénom", "Courriel"}
                  : std::vector<std::string>{"Number", "Last name", "First name", "Email"};
          ctx.res.set_header("Content-Disposition", "attachment; filename=\"registre-" +
                                                        std::to_string(ctx.organization_id) + "-" +
                                                        a.purpose.key + ".csv\"");
          ctx.res.set_content(domain::csv_document(header, rows, options),
                              "text/csv; charset=utf-8");
          return;
        }
        nlohmann::json items = nlohmann::json::array();
        for (const auto& m : a.members) {
          items.push_back({{"memberId", m.id},
                           {"number", m.number},
                           {"firstName", m.first_name},
                           {"lastName", m.last_name},
                           {"email", m.email ? nlohmann::json(*m.email) : nlohmann::json()}});
        }
        nlohmann::json excluded = nlohmann::json::object();
        for (const auto& [reason, count] : a.excluded)
          excluded[reason] = count;
        ctx.json(200, {{"purposeId", a.purpose.id},
                       {"legalBasis", a.purpose.legal_basis},
                       {"items", std::move(items)},
                       {"excluded", std::move(excluded)}});
      });
}

}  // namespace registre::http
