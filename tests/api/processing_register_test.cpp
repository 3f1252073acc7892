// The register of processing activities (GDPR Art. 30) over real HTTP (standalone mode, the
// local administrator): JSON, HTML and Markdown, both languages, and the parameters it refuses.
#include <doctest/doctest.h>

#include <set>

#include "running_app.hpp"

using namespace registre;

namespace {

const std::string kRegister = "/api/v1/organizations/1/processing-register";

struct Api {
  test_support::RunningApp app{test_support::standalone_config()};
  httplib::Client client = app.client();

  httplib::Result get(const std::string& path, httplib::Headers headers = {}) {
    auto res = client.Get(path, headers);
    REQUIRE(res);
    return res;
  }
  nlohmann::json json(const std::string& path, int expected = 200, httplib::Headers headers = {}) {
    auto res = get(path, std::move(headers));
    REQUIRE_MESSAGE(res->status == expected, path << " -> " << res->status << " " << res->body);
    return nlohmann::json::parse(res->body);
  }
  nlohmann::json send(const std::string& method, const std::string& path,
                      const nlohmann::json& body, int expected, httplib::Headers headers = {}) {
    auto res = method == "PUT" ? client.Put(path, headers, body.dump(), "application/json")
                               : client.Post(path, headers, body.dump(), "application/json");
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == expected, path << " -> " << res->status << " " << res->body);
    return nlohmann::json::parse(res->body);
  }

  // Two presets, a purpose whose texts need escaping, and a retired one.
  void add_purposes() {
    const std::string purposes = "/api/v1/organizations/1/purposes";
    send("POST", purposes, {{"preset", "newsletter"}, {"language", "fr"}}, 201);
    send("POST", purposes,
         {{"key", "ag-vote"},
          {"title", "Vote <script>alert(1)</script> & \"AG\""},
          {"description", "Vote électronique à l'assemblée générale."},
          {"legalBasis", "contract"},
          {"dataCategories", {"identité", "<courriel>"}},
          {"recipients", {"le prestataire de vote"}},
          {"retention", "Jusqu'à l'AG suivante."}},
         201);
    auto old = send(
        "POST", purposes,
        {{"key", "old-directory"}, {"title", "Ancien annuaire"}, {"legalBasis", "consent"}}, 201);
    send("PUT", purposes + "/" + std::to_string(old["id"].get<int>()), {{"active", false}}, 200,
         {{"If-Match", "\"1\""}});
  }
};

std::set<std::string> fields_of(const nlohmann::json& problem) {
  std::set<std::string> out;
  for (const auto& e : problem["errors"])
    out.insert(e["field"].get<std::string>());
  return out;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("the register lists active purposes as sheets and retired ones apart, as JSON") {
  Api api;
  auto empty = api.json(kRegister, 200, {{"Accept-Language", "en"}});
  CHECK(empty["language"] == "en");
  CHECK(empty["activities"].empty());
  CHECK(empty["controller"]["name"] == "Association démo — Les Jardins partagés");
  CHECK(empty["controller"]["legalForm"] == "association");
  CHECK(empty["controller"]["dataProtectionContact"].is_null());

  api.add_purposes();
  auto doc = api.json(kRegister, 200, {{"Accept-Language", "fr-FR,fr;q=0.9"}});
  CHECK(doc["language"] == "fr");
  REQUIRE(doc["activities"].size() == 2);
  REQUIRE(doc["retiredActivities"].size() == 1);
  CHECK(doc["retiredActivities"][0]["key"] == "old-directory");
  const auto& newsletter = doc["activities"][0];
  CHECK(newsletter["key"] == "newsletter");
  CHECK(newsletter["name"] == "Lettre d'information");
  CHECK(newsletter["legalBasis"] == "consent");
  CHECK(newsletter["dataCategories"] ==
        nlohmann::json::array({"identité", "adresse électronique"}));
  CHECK(newsletter["transfersOutsideEu"].empty());
  CHECK(newsletter["retention"].size() == 1);
  CHECK(newsletter["dataSubjects"][1] == "Candidats à l'adhésion");
  CHECK(newsletter["securityMeasures"].size() == 6);
  const auto& vote = doc["activities"][1];
  CHECK(vote["name"] == "Vote <script>alert(1)</script> & \"AG\"");  // JSON keeps the text as is
  CHECK(vote["purpose"] == "Vote électronique à l'assemblée générale.");
  CHECK(vote["recipients"] == nlohmann::json::array({"le prestataire de vote"}));

  // lang= wins over Accept-Language.
  auto english = api.json(kRegister + "?format=json&lang=en", 200, {{"Accept-Language", "fr"}});
  CHECK(english["language"] == "en");
  CHECK(english["activities"][0]["dataSubjects"][1] == "Applicants for membership");
}

TEST_CASE("the register prints as a self-contained HTML page and as Markdown, escaped") {
  Api api;
  api.add_purposes();

  auto html = api.get(kRegister + "?format=html&lang=fr");
  REQUIRE(html->status == 200);
  CHECK(html->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(html->get_header_value("Cache-Control") == "no-store");
  CHECK(has(html->get_header_value("Content-Security-Policy"), "default-src 'none'"));
  CHECK(html->get_header_value("Content-Disposition") ==
        "inline; filename=\"processing-register-1.html\"");
  CHECK(has(html->body, "<html lang=\"fr\">"));
  CHECK(has(html->body, "Registre des activités de traitement"));
  CHECK(has(html->body, "Vote &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;AG&quot;"));
  CHECK(has(html->body, "&lt;courriel&gt;"));
  CHECK_FALSE(has(html->body, "<script"));
  CHECK(has(html->body, "Non désigné"));
  CHECK(has(html->body, "Traitements retirés"));

  auto md = api.get(kRegister + "?format=markdown", {{"Accept-Language", "en"}});
  REQUIRE(md->status == 200);
  CHECK(md->get_header_value("Content-Type") == "text/markdown; charset=utf-8");
  CHECK(md->get_header_value("Content-Disposition") ==
        "attachment; filename=\"processing-register-1.md\"");
  CHECK(md->body.rfind("# Register of processing activities\n", 0) == 0);
  CHECK(has(md->body, "Vote \\<script\\>alert(1)\\</script\\> \\& \"AG\""));
  CHECK(has(md->body, "**Transfers outside the EU:** None"));
  CHECK(has(md->body, "Not designated"));
}

TEST_CASE("the register refuses unknown parameters and values, and unknown organisations") {
  Api api;
  CHECK(fields_of(api.json(kRegister + "?format=pdf&lang=de&colour=red", 422)) ==
        std::set<std::string>{"format", "lang", "colour"});
  auto french = api.json(kRegister + "?format=pdf", 422, {{"Accept-Language", "fr"}});
  CHECK(french["errors"][0]["message"] == "L'un de json, html, markdown.");
  api.json("/api/v1/organizations/999/processing-register", 404);
  api.json("/api/v1/organizations/999/processing-register?format=html", 404);
}

TEST_CASE("reading the register leaves no audit entry: it holds no member's data") {
  Api api;
  api.add_purposes();
  const std::string audit = "/api/v1/organizations/1/audit?limit=500";
  const auto before = api.json(audit)["items"].size();
  api.json(kRegister);
  REQUIRE(api.get(kRegister + "?format=html")->status == 200);
  CHECK(api.json(audit)["items"].size() == before);
}
