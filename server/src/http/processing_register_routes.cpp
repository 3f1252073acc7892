#include "domain/processing_register_render.hpp"
#include "http/query_params.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

nlohmann::json to_json(const domain::ProcessingActivity& a) {
  return {{"purposeId", a.purpose_id},
          {"key", a.key},
          {"name", a.name},
          {"createdAt", a.created_at},
          {"updatedAt", a.updated_at},
          {"purpose", a.purpose},
          {"legalBasis", a.legal_basis},
          {"dataSubjects", a.data_subjects},
          {"dataCategories", a.data_categories},
          {"recipients", a.recipients},
          {"transfersOutsideEu", a.transfers_outside_eu},
          {"retention", a.retention},
          {"securityMeasures", a.security_measures}};
}

nlohmann::json to_json(const domain::ProcessingRegister& r) {
  nlohmann::json activities = nlohmann::json::array();
  for (const auto& a : r.activities)
    activities.push_back(to_json(a));
  nlohmann::json retired = nlohmann::json::array();
  for (const auto& a : r.retired_activities)
    retired.push_back(to_json(a));
  return {{"language", r.language},
          {"generatedAt", r.generated_at},
          {"controller",
           {{"organizationId", r.organization_id},
            {"name", r.organization_name},
            {"legalForm", r.legal_form},
            {"dataProtectionContact", r.data_protection_contact
                                          ? nlohmann::json(*r.data_protection_contact)
                                          : nlohmann::json()}}},
          {"activities", std::move(activities)},
          {"retiredActivities", std::move(retired)}};
}

}  // namespace

void add_processing_register_routes(Router& router,
                                    services::ProcessingRegisterService& registers) {
  router.add(
      {"GET", R"(/api/v1/organizations/(\d+)/processing-register)",
       auth::UseCase::read_processing_register, "/api/v1/organizations/1/processing-register"},
      [&registers](RequestContext& ctx) {
        std::vector<FieldError> errors;
        refuse_unknown_params(ctx.req, {"format", "lang"}, errors);
        const std::string format =
            ctx.req.has_param("format") ? ctx.req.get_param_value("format") : "json";
        if (format != "json" && format != "html" && format != "markdown")
          errors.push_back({"format", "register-format-values"});
        // ?lang= chooses the language of the fixed texts; else Accept-Language.
        const std::string language =
            ctx.req.has_param("lang") ? ctx.req.get_param_value("lang") : ctx.language;
        if (language != "fr" && language != "en") errors.push_back({"lang", "fr-or-en"});
        if (!errors.empty()) return ctx.problem(invalid_fields(std::move(errors)));
        auto document = registers.build(ctx.organization_id, language);
        if (!document) return ctx.problem(document.error());
        if (format == "json") return ctx.json(200, to_json(document.value()));
        const bool html = format == "html";
        // Shown in the browser to be printed; nothing in it runs or loads anything, and
        // the policy says so should an escaping mistake ever let markup through.
        ctx.res.set_header("Content-Security-Policy",
                           "default-src 'none'; style-src 'unsafe-inline'");
        ctx.res.set_header("Content-Disposition", std::string(html ? "inline" : "attachment") +
                                                      "; filename=\"processing-register-" +
                                                      std::to_string(ctx.organization_id) +
                                                      (html ? ".html\"" : ".md\""));
        ctx.res.set_content(html ? domain::render_processing_register_html(document.value())
                                 : domain::render_processing_register_markdown(document.value()),
                            html ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8");
      });
}

}  // namespace registre::http
