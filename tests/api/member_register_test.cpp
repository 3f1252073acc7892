// The member register API over real HTTP (standalone mode: the local administrator).
#include <doctest/doctest.h>

#include <set>

#include "running_app.hpp"
#include "store/audit_store.hpp"

using namespace registre;

namespace {

struct Api {
  test_support::RunningApp app{test_support::standalone_config()};
  httplib::Client client = app.client();

  httplib::Result post(const std::string& path, const std::string& body, httplib::Headers headers = {}) {
    return client.Post(path, headers, body, "application/json");
  }
  httplib::Result put(const std::string& path, const std::string& body, const std::string& if_match) {
    httplib::Headers h;
    if (!if_match.empty()) h.emplace("If-Match", if_match);
    return client.Put(path, h, body, "application/json");
  }
  nlohmann::json create(const std::string& body) {
    auto res = post("/api/v1/organizations/1/members", body);
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == 201, res->body);
    return nlohmann::json::parse(res->body);
  }
  std::int64_t total() {
    auto res = client.Get("/api/v1/organizations/1/members?count=true&limit=1");
    REQUIRE(res);
    return nlohmann::json::parse(res->body)["total"].get<std::int64_t>();
  }
  std::vector<std::string> names(const std::string& query) {
    auto res = client.Get("/api/v1/organizations/1/members?" + query);
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == 200, res->body);
    std::vector<std::string> out;
    const auto body = nlohmann::json::parse(res->body);  // kept alive for the loop
    for (const auto& m : body["items"]) out.push_back(m["lastName"]);
    return out;
  }
};

std::set<std::string> error_fields(const std::string& body) {
  std::set<std::string> fields;
  const auto problem = nlohmann::json::parse(body);  // kept alive for the loop
  for (const auto& e : problem["errors"]) fields.insert(e["field"].get<std::string>());
  return fields;
}

}  // namespace

TEST_CASE("a member is created numbered, normalised, with an ETag") {
  Api api;
  auto first = api.create(R"({"firstName":"Hélène","lastName":"Dupont","email":"Helene.Dupont@Exemple.FR",
    "phone":"06 12 34 56 78","postcode":"75 001","city":"Paris","birthDate":"14/07/1980","admittedOn":"2026-01-10"})");
  CHECK(first["number"] == 1);
  CHECK(first["email"] == "Helene.Dupont@exemple.fr");
  CHECK(first["phone"] == "+33612345678");
  CHECK(first["postcode"] == "75001");
  CHECK(first["birthDate"] == "1980-07-14");
  CHECK(first["status"] == "lapsed");  // admitted, no paid dues recorded yet
  CHECK(first["version"] == 1);
  auto second = api.create(R"({"lastName":"Martin"})");
  CHECK(second["number"] == 2);
  CHECK(second["status"] == "applicant");
  auto read = api.client.Get("/api/v1/organizations/1/members/" + std::to_string(first["id"].get<int>()));
  REQUIRE(read);
  CHECK(read->status == 200);
  CHECK(read->get_header_value("ETag") == "\"1\"");
  CHECK(nlohmann::json::parse(read->body)["firstName"] == "Hélène");
}

TEST_CASE("bad input gets 4xx problem+json naming each field, and creates nothing") {
  Api api;
  struct Case {
    std::string body;
    int status;
    std::set<std::string> fields;
  };
  const std::vector<Case> cases = {
      {R"({"lastName":"A","email":"not-an-email","phone":"12","postcode":"7500","birthDate":"31/02/2000"})", 422,
       {"email", "phone", "postcode", "birthDate"}},
      {R"({"firstName":"No last name"})", 422, {"lastName"}},
      {R"({"lastName":"A","colour":"blue"})", 422, {"colour"}},
      {R"({"lastName":42})", 422, {"lastName"}},
      {R"({"lastName":"A","restricted":"yes"})", 422, {"restricted"}},
      {R"({"lastName":")" + std::string(101, 'x') + R"("})", 422, {"lastName"}},
      {R"({"lastName":"A","householdId":999})", 422, {"householdId"}},
      {R"({"lastName":"A","admittedOn":"2026-05-01","leftOn":"2026-04-01"})", 422, {"leftOn"}},
      {R"({"lastName":"A","birthDate":"2999-01-01"})", 422, {"birthDate"}},
      {"{\"lastName\":\"\xff\xfe\"}", 400, {}},
      {R"({"lastName":)", 400, {}},
      {R"(["lastName"])", 400, {}},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    auto res = api.post("/api/v1/organizations/1/members", c.body);
    REQUIRE(res);
    CHECK(res->status == c.status);
    CHECK(res->get_header_value("Content-Type") == "application/problem+json");
    if (!c.fields.empty()) CHECK(error_fields(res->body) == c.fields);
  }
  CHECK(api.total() == 0);
}

TEST_CASE("SQL metacharacters and emoji are stored and returned verbatim") {
  Api api;
  const std::string name = "O'Brien\"; DROP TABLE members; -- 🌻";
  auto created = api.create(nlohmann::json{{"lastName", name}, {"notes", "50% off _x_ \\ 'y'"}}.dump());
  CHECK(created["lastName"] == name);
  CHECK(created["notes"] == "50% off _x_ \\ 'y'");
  CHECK(api.total() == 1);
}

TEST_CASE("updates need the current version: 428 without If-Match, 412 when stale, no lost update") {
  Api api;
  auto m = api.create(R"({"lastName":"Durand","city":"Lyon"})");
  const std::string path = "/api/v1/organizations/1/members/" + std::to_string(m["id"].get<int>());
  auto missing = api.put(path, R"({"city":"Lille"})", "");
  REQUIRE(missing);
  CHECK(missing->status == 428);
  // Two volunteers read version 1; the first saves, the second's save is refused.
  auto first = api.put(path, R"({"city":"Lille"})", "\"1\"");
  REQUIRE(first);
  CHECK(first->status == 200);
  CHECK(first->get_header_value("ETag") == "\"2\"");
  auto second = api.put(path, R"({"phone":"0612345678"})", "\"1\"");
  REQUIRE(second);
  CHECK(second->status == 412);
  auto now = nlohmann::json::parse(api.client.Get(path)->body);
  CHECK(now["city"] == "Lille");
  CHECK(now["phone"].is_null());
  // Absent fields stay, null clears.
  auto cleared = api.put(path, R"({"city":null})", "\"2\"");
  REQUIRE(cleared);
  CHECK(cleared->status == 200);
  auto body = nlohmann::json::parse(cleared->body);
  CHECK(body["city"].is_null());
  CHECK(body["lastName"] == "Durand");
  auto bad = api.put(path, R"({"lastName":null})", "\"3\"");
  REQUIRE(bad);
  CHECK(bad->status == 422);
}

TEST_CASE("a retried create with the same Idempotency-Key creates nothing twice") {
  Api api;
  httplib::Headers key{{"Idempotency-Key", "form-7f3a"}};
  auto a = api.post("/api/v1/organizations/1/members", R"({"lastName":"Petit"})", key);
  auto b = api.post("/api/v1/organizations/1/members", R"({"lastName":"Petit"})", key);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->status == 201);
  CHECK(b->status == 201);
  CHECK(nlohmann::json::parse(a->body)["id"] == nlohmann::json::parse(b->body)["id"]);
  CHECK(b->get_header_value("Idempotent-Replayed") == "true");
  auto other = api.post("/api/v1/organizations/1/members", R"({"lastName":"Grand"})", key);
  REQUIRE(other);
  CHECK(other->status == 422);
  CHECK(api.total() == 1);
}

TEST_CASE("only a member without history can be deleted") {
  Api api;
  auto applicant = api.create(R"({"lastName":"Erreur"})");
  auto admitted = api.create(R"({"lastName":"Ancien","admittedOn":"2020-09-01"})");
  auto del = [&](const nlohmann::json& m, const std::string& version) {
    return api.client.Delete("/api/v1/organizations/1/members/" + std::to_string(m["id"].get<int>()),
                             {{"If-Match", version}});
  };
  auto refused = del(admitted, "\"1\"");
  REQUIRE(refused);
  CHECK(refused->status == 409);
  auto stale = del(applicant, "\"7\"");
  REQUIRE(stale);
  CHECK(stale->status == 412);
  auto done = del(applicant, "\"1\"");
  REQUIRE(done);
  CHECK(done->status == 204);
  CHECK(api.total() == 1);
}

TEST_CASE("search ignores accents and case, and finds e-mails and numbers") {
  Api api;
  api.create(R"({"firstName":"Hélène","lastName":"Lefèvre","email":"h.lefevre@asso.fr"})");
  api.create(R"({"firstName":"Jean","lastName":"Œuf"})");
  api.create(R"({"firstName":"Hector","lastName":"Dupont"})");
  CHECK(api.names("q=helene") == std::vector<std::string>{"Lefèvre"});
  CHECK(api.names("q=oeuf") == std::vector<std::string>{"Œuf"});
  CHECK(api.names("q=LEFEVRE%20hel") == std::vector<std::string>{"Lefèvre"});
  CHECK(api.names("q=h.lefevre%40asso") == std::vector<std::string>{"Lefèvre"});
  CHECK(api.names("q=he") == std::vector<std::string>{"Dupont", "Lefèvre"});
  CHECK(api.names("q=3") == std::vector<std::string>{"Dupont"});
  // FTS5 syntax typed by a user is only text: no error, no injection.
  CHECK(api.names("q=%22hel%2A%20%28%3A") == std::vector<std::string>{"Lefèvre"});
  CHECK(api.names("q=%22%29%2A%3A").size() == 3);  // nothing searchable: no filter
}

TEST_CASE("keyset pages walk the whole list once, in order, for every sort") {
  Api api;
  const std::vector<std::string> last_names = {"Zola", "Ampère", "Curie", "Bernard", "Éluard", "Dumas", "Fabre"};
  for (const auto& n : last_names) api.create(nlohmann::json{{"lastName", n}}.dump());
  for (const std::string sort : {"name", "number", "joined", "status"}) {
    INFO(sort);
    std::vector<std::string> seen;
    std::string after;
    for (int page = 0; page < 10; ++page) {
      auto res = api.client.Get("/api/v1/organizations/1/members?limit=3&sort=" + sort + (after.empty() ? "" : "&after=" + after));
      REQUIRE(res);
      REQUIRE(res->status == 200);
      auto body = nlohmann::json::parse(res->body);
      for (const auto& m : body["items"]) seen.push_back(m["lastName"]);
      if (body["next"].is_null()) break;
      after = body["next"];
    }
    CHECK(seen.size() == last_names.size());
    CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == last_names.size());
    if (sort == "name") CHECK(seen == std::vector<std::string>{"Ampère", "Bernard", "Curie", "Dumas", "Éluard", "Fabre", "Zola"});
    if (sort == "number") CHECK(seen == last_names);
  }
  auto bad = api.client.Get("/api/v1/organizations/1/members?limit=0&sort=age&status=gone&after=@@&colour=1");
  REQUIRE(bad);
  CHECK(bad->status == 422);
  CHECK(error_fields(bad->body) == std::set<std::string>{"limit", "sort", "status", "after", "colour"});
}

TEST_CASE("every read and change is audited without personal data, in a chain that verifies") {
  Api api;
  auto m = api.create(R"({"lastName":"Secretname","email":"secret@mail.fr"})");
  const std::string path = "/api/v1/organizations/1/members/" + std::to_string(m["id"].get<int>());
  api.client.Get(path);
  api.put(path, R"({"city":"Nantes"})", "\"1\"");
  api.names("q=secret");
  auto lease = api.app.app().database().acquire();
  REQUIRE(lease.ok());
  SQLite::Statement q(lease->db(), "SELECT action, subject, fields FROM audit_log ORDER BY id");
  std::vector<std::string> actions;
  while (q.executeStep()) {
    actions.push_back(q.getColumn(0).getString());
    const std::string row = q.getColumn(1).getString() + q.getColumn(2).getString();
    CHECK(row.find("Secretname") == std::string::npos);
    CHECK(row.find("secret@") == std::string::npos);
    CHECK(row.find("Nantes") == std::string::npos);
  }
  CHECK(actions == std::vector<std::string>{"organization.created", "member.created", "member.read",
                                            "member.updated", "members.listed"});
  auto chain = store::verify_audit_chain(lease->db());
  REQUIRE(chain.ok());
  CHECK_FALSE(chain->first_broken_id.has_value());
}

TEST_CASE("administrators create, rename and archive organisations and grant roles") {
  Api api;
  auto created = api.post("/admin/v1/organizations", R"({"slug":"scic-energie","name":"SCIC Énergie","legalForm":"scic"})");
  REQUIRE(created);
  CHECK(created->status == 201);
  auto org = nlohmann::json::parse(created->body);
  CHECK(org["timezone"] == "Europe/Paris");
  auto duplicate = api.post("/admin/v1/organizations", R"({"slug":"scic-energie","name":"Encore"})");
  REQUIRE(duplicate);
  CHECK(duplicate->status == 409);
  auto invalid = api.post("/admin/v1/organizations", R"({"slug":"Bad Slug","name":"","legalForm":"sarl"})");
  REQUIRE(invalid);
  CHECK(invalid->status == 422);
  CHECK(error_fields(invalid->body) == std::set<std::string>{"slug", "name", "legalForm"});

  const std::string path = "/admin/v1/organizations/" + std::to_string(org["id"].get<int>());
  auto renamed = api.put(path, R"({"name":"SCIC Énergie citoyenne"})", "\"1\"");
  REQUIRE(renamed);
  CHECK(renamed->status == 200);
  auto archived = api.put(path, R"({"archived":true})", "\"2\"");
  REQUIRE(archived);
  CHECK(nlohmann::json::parse(archived->body)["archived"] == true);
  auto visible = nlohmann::json::parse(api.client.Get("/api/v1/organizations")->body)["items"];
  CHECK(visible.size() == 1);  // the archived one is hidden from the tab, kept for administrators
  CHECK(nlohmann::json::parse(api.client.Get("/admin/v1/organizations")->body)["items"].size() == 2);

  auto grant = api.post("/admin/v1/organizations/1/roles", R"({"principalType":"group","principalId":"bureau","role":"manager"})");
  REQUIRE(grant);
  CHECK(grant->status == 201);
  auto again = api.post("/admin/v1/organizations/1/roles", R"({"principalType":"group","principalId":"bureau","role":"manager"})");
  REQUIRE(again);
  CHECK(again->status == 409);
  auto wrong = api.post("/admin/v1/organizations/1/roles", R"({"principalType":"team","principalId":"","role":"boss"})");
  REQUIRE(wrong);
  CHECK(error_fields(wrong->body) == std::set<std::string>{"principalType", "principalId", "role"});
  const int grant_id = nlohmann::json::parse(grant->body)["id"];
  auto listed = nlohmann::json::parse(api.client.Get("/api/v1/organizations/1/roles")->body)["items"];
  CHECK(listed.size() == 1);
  auto revoked = api.client.Delete("/admin/v1/organizations/1/roles/" + std::to_string(grant_id));
  REQUIRE(revoked);
  CHECK(revoked->status == 204);
  auto gone = api.client.Delete("/admin/v1/organizations/1/roles/" + std::to_string(grant_id));
  REQUIRE(gone);
  CHECK(gone->status == 404);
}
