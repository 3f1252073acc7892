// Restriction (GDPR Art. 18) and objection (Art. 21) enforced where a purpose's data is used: the
// purpose's audience (its mailing list) leaves out restricted members, members without consent,
// members who withdrew and members who objected. Over real HTTP (standalone mode, the local
// administrator; a member's own objection through a public link).
#include <doctest/doctest.h>

#include <set>

#include "running_app.hpp"

using namespace registre;

namespace {

struct Api {
  test_support::RunningApp app{test_support::standalone_config()};
  httplib::Client client = app.client();

  httplib::Result raw(const std::string& method, const std::string& path,
                      const nlohmann::json& body, httplib::Headers headers = {}) {
    return method == "POST"  ? client.Post(path, headers, body.dump(), "application/json")
           : method == "PUT" ? client.Put(path, headers, body.dump(), "application/json")
                             : client.Get(path, headers);
  }
  nlohmann::json send(const std::string& method, const std::string& path,
                      const nlohmann::json& body, int expected, httplib::Headers headers = {}) {
    auto res = raw(method, path, body, std::move(headers));
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == expected,
                    method << " " << path << " -> " << res->status << " " << res->body);
    return res->body.empty() ? nlohmann::json() : nlohmann::json::parse(res->body);
  }
  nlohmann::json post(const std::string& path, const nlohmann::json& body, int expected = 201) {
    return send("POST", path, body, expected);
  }
  nlohmann::json get(const std::string& path, int expected = 200) {
    return send("GET", path, nullptr, expected);
  }
  std::string member_path(int id) {
    return "/api/v1/organizations/1/members/" + std::to_string(id);
  }
  int member(const std::string& last_name) {
    return post("/api/v1/organizations/1/members",
                {{"lastName", last_name}, {"email", last_name + "@exemple.org"}})["id"];
  }
  void decide(int id, int purpose, const std::string& decision, int expected = 201) {
    post(member_path(id) + "/consents",
         {{"purposeId", purpose}, {"decision", decision}, {"channel", "paper"}}, expected);
  }
  // The last names in the audience, sorted, joined by commas (readable when a check fails).
  std::string audience(int purpose) {
    std::set<std::string> names;
    const auto page =
        get("/api/v1/organizations/1/purposes/" + std::to_string(purpose) + "/audience");
    for (const auto& m : page["items"])
      names.insert(m["lastName"].get<std::string>());
    std::string out;
    for (const auto& n : names)
      out += (out.empty() ? "" : ",") + n;
    return out;
  }
};

}  // namespace

TEST_CASE(
    "a purpose's audience leaves out the restricted, the unconsented, the withdrawn and the "
    "objecting") {
  Api api;
  const int newsletter =
      api.post("/api/v1/organizations/1/purposes", {{"preset", "newsletter"}})["id"];
  const int fundraising =
      api.post("/api/v1/organizations/1/purposes", {{"preset", "fundraising"}})["id"];
  const int a = api.member("Abel"), b = api.member("Berthe"), c = api.member("Cyprien");
  api.member("Delphine");  // decides nothing
  const int e = api.member("Emile");
  api.decide(a, newsletter, "given");
  api.decide(b, newsletter, "given");
  api.decide(b, newsletter, "withdrawn");
  api.decide(c, newsletter, "given");
  api.send("PUT", api.member_path(c), {{"restricted", true}}, 200, {{"If-Match", "\"1\""}});
  api.decide(e, fundraising, "objected");

  CHECK(api.audience(newsletter) == "Abel");
  const auto details =
      api.get("/api/v1/organizations/1/purposes/" + std::to_string(newsletter) + "/audience");
  CHECK(details["legalBasis"] == "consent");
  CHECK(details["excluded"] == nlohmann::json{{"restricted", 1}, {"withdrawn", 1}, {"none", 2}});
  // A legitimate interest needs no consent: everyone but the restricted and the objecting.
  CHECK(api.audience(fundraising) == "Abel,Berthe,Delphine");

  // The CSV a mailing tool imports: the same people.
  auto csv = api.raw(
      "GET",
      "/api/v1/organizations/1/purposes/" + std::to_string(newsletter) + "/audience?format=csv",
      nullptr);
  REQUIRE(csv);
  CHECK(csv->status == 200);
  CHECK(csv->get_header_value("Content-Type").find("text/csv") == 0);
  CHECK(csv->body.find("Abel@exemple.org") != std::string::npos);
  CHECK(csv->body.find("Cyprien") == std::string::npos);
  CHECK(csv->body.find("Berthe") == std::string::npos);

  // A new text: consents to the old one still count until renewed, and the renewal list (a
  // mailing too) leaves the restricted member out.
  const std::string purpose_path = "/api/v1/organizations/1/purposes/" + std::to_string(newsletter);
  api.post(purpose_path + "/versions", {{"textFr", "Nouvelle lettre."}, {"textEn", "New letter."}});
  const auto renewals = api.get(purpose_path + "/renewals")["items"];
  REQUIRE(renewals.size() == 1);
  CHECK(renewals[0]["lastName"] == "Abel");
  CHECK(api.audience(newsletter) == "Abel");

  // Lifting the restriction, and the objection, bring them back.
  api.send("PUT", api.member_path(c), {{"restricted", false}}, 200, {{"If-Match", "\"2\""}});
  api.decide(e, fundraising, "given");
  CHECK(api.audience(newsletter) == "Abel,Cyprien");
  CHECK(api.audience(fundraising) == "Abel,Berthe,Cyprien,Delphine,Emile");
}

TEST_CASE(
    "objection applies to a legitimate interest; consent is withdrawn instead; nothing recorded "
    "when refused") {
  Api api;
  const int newsletter =
      api.post("/api/v1/organizations/1/purposes", {{"preset", "newsletter"}})["id"];
  const int fundraising =
      api.post("/api/v1/organizations/1/purposes", {{"preset", "fundraising"}})["id"];
  const int contract =
      api.post("/api/v1/organizations/1/purposes", {{"key", "vote"},
                                                    {"title", "Vote"},
                                                    {"legalBasis", "contract"},
                                                    {"textFr", "Vote en ligne."},
                                                    {"textEn", "Online vote."}})["id"];
  const int m = api.member("Fabre");
  const auto on_consent =
      api.post(api.member_path(m) + "/consents",
               {{"purposeId", newsletter}, {"decision", "objected"}, {"channel", "paper"}}, 422);
  CHECK(on_consent["errors"][0]["field"] == "decision");
  api.decide(m, contract, "objected", 422);
  CHECK(api.get(api.member_path(m) + "/consents/history")["items"].empty());

  // The member objects through their public link; a withdrawal is not how one objects.
  const auto link = api.post(api.member_path(m) + "/links", nlohmann::json::object());
  const std::string page = "/" + link["path"].get<std::string>();
  const auto view = api.get(page);
  for (const auto& line : view["items"]) {
    if (line["purposeId"] == fundraising) CHECK(line["canObject"] == true);
    if (line["purposeId"] == newsletter) CHECK(line["canObject"] == false);
  }
  CHECK(api.post(page, {{"purposeId", fundraising}, {"decision", "withdrawn"}},
                 422)["errors"][0]["field"] == "decision");
  CHECK(api.post(page, {{"purposeId", newsletter}, {"decision", "objected"}},
                 422)["errors"][0]["field"] == "decision");
  const auto objected = api.post(page, {{"purposeId", fundraising}, {"decision", "objected"}});
  CHECK(objected["state"] == "objected");
  CHECK(api.audience(fundraising).empty());
  CHECK(api.get("/admin/v1/organizations/1/ledger/verify")["intact"] == true);
  CHECK(api.get("/api/v1/organizations/1/purposes/" + std::to_string(fundraising) +
                    "/audience?colour=1",
                422)["errors"][0]["field"] == "colour");
}
