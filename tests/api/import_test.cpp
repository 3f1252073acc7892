// CSV import over real HTTP (standalone mode, the local administrator).
#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "crypto/sodium.hpp"
#include "running_app.hpp"

using namespace registre;

namespace {

struct Api {
  test_support::RunningApp app{test_support::standalone_config()};
  httplib::Client client = app.client();

  httplib::Result upload(const std::string& query, const std::string& csv) {
    client.set_read_timeout(120, 0);
    return client.Post("/api/v1/organizations/1/imports?" + query, csv, "text/csv");
  }
  nlohmann::json import(const std::string& query, const std::string& csv, int expected) {
    auto res = upload(query, csv);
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == expected, res->body.substr(0, 2000));
    return nlohmann::json::parse(res->body);
  }
  std::int64_t total() {
    auto res = client.Get("/api/v1/organizations/1/members?count=true&limit=1");
    REQUIRE(res);
    return nlohmann::json::parse(res->body)["total"].get<std::int64_t>();
  }
  nlohmann::json find(const std::string& q) {
    auto res = client.Get("/api/v1/organizations/1/members?q=" + q);
    REQUIRE(res);
    return nlohmann::json::parse(res->body)["items"];
  }
};

// What French Excel writes: Windows-1252, ';', CRLF.
const std::string kExcelFile =
    "Nom;Pr\xe9nom;Courriel;T\xe9l\xe9phone;Code postal;Ville;Date d'adh\xe9sion\r\n"
    "Lef\xe8vre;H\xe9l\xe8ne;helene@asso.fr;06 12 34 56 78;75 011;Paris;01/09/2024\r\n"
    "\x8cuf;Jean;jean.oeuf@asso.fr;0612345679;69001;Lyon;15/09/2025\r\n";

}  // namespace

TEST_CASE("a preview reports what would happen and keeps nothing; apply imports it") {
  Api api;
  auto preview = api.import("mode=preview&fileName=adherents.csv", kExcelFile, 200);
  CHECK(preview["encoding"] == "windows-1252");
  CHECK(preview["separator"] == ";");
  CHECK(preview["rows"] == 2);
  CHECK(preview["created"] == 2);
  CHECK(preview["applied"] == false);
  CHECK(preview["fileHash"] == crypto::blake2b_256_hex(kExcelFile));
  CHECK(api.total() == 0);

  auto applied = api.import("mode=apply&fileName=adherents.csv", kExcelFile, 201);
  CHECK(applied["created"] == 2);
  CHECK(applied["applied"] == true);
  CHECK(api.total() == 2);
  auto helene = api.find("helene");
  REQUIRE(helene.size() == 1);
  CHECK(helene[0]["lastName"] == "Lefèvre");
  CHECK(helene[0]["phone"] == "+33612345678");
  CHECK(helene[0]["postcode"] == "75011");
  CHECK(helene[0]["admittedOn"] == "2024-09-01");
  CHECK(api.find("oeuf")[0]["lastName"] == "Œuf");

  // Provenance: every imported record points at the file and its line.
  auto lease = api.app.app().database().acquire();
  REQUIRE(lease.ok());
  SQLite::Statement q(lease->db(),
                      "SELECT b.file_name, b.file_hash, r.line, r.outcome FROM import_records r "
                      "JOIN import_batches b ON b.id = r.batch_id ORDER BY r.line");
  std::vector<long> lines;
  while (q.executeStep()) {
    CHECK(q.getColumn(0).getString() == "adherents.csv");
    CHECK(q.getColumn(1).getString() == crypto::blake2b_256_hex(kExcelFile));
    lines.push_back(q.getColumn(2).getInt64());
  }
  CHECK(lines == std::vector<long>{2, 3});
}

TEST_CASE("importing again matches members on e-mail: unchanged, or updated") {
  Api api;
  api.import("mode=apply", kExcelFile, 201);
  auto again = api.import("mode=apply", kExcelFile, 201);
  CHECK(again["unchanged"] == 2);
  CHECK(again["created"] == 0);
  std::string moved = kExcelFile;
  moved.replace(moved.find("Lyon"), 4, "Caen");
  moved.replace(moved.find("69001"), 5, "14000");
  auto updated = api.import("mode=apply", moved, 201);
  CHECK(updated["updated"] == 1);
  CHECK(updated["unchanged"] == 1);
  CHECK(api.total() == 2);
  CHECK(api.find("oeuf")[0]["city"] == "Caen");
  CHECK(api.find("oeuf")[0]["version"] == 2);
}

TEST_CASE("a file with bad lines changes nothing, unless asked to skip them") {
  Api api;
  const std::string file =
      "Last name,First name,Email,Birth date\n"
      "Martin,Paul,paul@asso.fr,03/04/1970\n"
      "Bernard,Marie,not-an-email,31/02/1980\n"
      ",Sans,nom@asso.fr,\n"
      "Petit,\"Anne, dite \"\"Nan\"\"\",anne@asso.fr,1990-05-06\n";
  auto refused = api.import("mode=apply", file, 200);
  CHECK(refused["applied"] == false);
  CHECK(refused["invalid"] == 2);
  CHECK(api.total() == 0);
  const auto& bad = refused["lines"][0];
  CHECK(bad["line"] == 3);
  CHECK(bad["outcome"] == "error");
  std::set<std::string> columns;
  for (const auto& e : bad["errors"])
    columns.insert(e["column"].get<std::string>());
  CHECK(columns == std::set<std::string>{"Email", "Birth date"});
  CHECK(refused["lines"][1]["line"] == 4);

  auto skipped = api.import("mode=apply&skipInvalid=true", file, 201);
  CHECK(skipped["created"] == 2);
  CHECK(skipped["invalid"] == 2);
  CHECK(api.total() == 2);
  CHECK(api.find("nan")[0]["firstName"] == "Anne, dite \"Nan\"");
}

TEST_CASE("memberships on the lines are recorded against existing membership types") {
  Api api;
  auto type =
      api.client.Post("/api/v1/organizations/1/membership-types",
                      R"({"name":"Adhésion annuelle","period":"calendar_year","amountCents":2000})",
                      "application/json");
  REQUIRE(type);
  REQUIRE(type->status == 201);
  const std::string year = std::to_string(static_cast<int>(std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())}
                                                               .year()));
  const std::string file =
      "Nom;Prénom;Date d'adhésion;Type de cotisation;Montant;Payé le;Mode de paiement\n"
      "Faure;Léa;01/01/" +
      year + ";Adhésion annuelle;20,00 €;01/01/" + year +
      ";Chèque\n"
      "Roy;Luc;01/01/" +
      year + ";Inconnue;10;;\n";
  auto report = api.import("mode=apply&skipInvalid=true", file, 201);
  CHECK(report["created"] == 1);
  CHECK(report["invalid"] == 1);
  auto lea = api.find("lea");
  REQUIRE(lea.size() == 1);
  CHECK(lea[0]["status"] == "active");
  auto dues = api.client.Get("/api/v1/organizations/1/members/" +
                             std::to_string(lea[0]["id"].get<int>()) + "/memberships");
  REQUIRE(dues);
  auto items = nlohmann::json::parse(dues->body)["items"];
  REQUIRE(items.size() == 1);
  CHECK(items[0]["amountCents"] == 2000);
  CHECK(items[0]["paymentMethod"] == "cheque");
  CHECK(items[0]["endsOn"] == year + "-12-31");
}

TEST_CASE("files that cannot be imported are refused as a whole") {
  Api api;
  CHECK(api.upload("mode=apply", "")->status == 422);
  CHECK(api.upload("mode=apply", "Couleur;Taille\nbleu;M\n")->status == 422);  // no name column
  CHECK(api.upload("mode=apply", "Nom;Prénom\n\"Martin;Paul\n")->status ==
        422);  // unterminated quote
  CHECK(api.upload("mode=sideways", kExcelFile)->status == 422);
  auto form = api.client.Post("/api/v1/organizations/1/imports?mode=apply", kExcelFile,
                              "application/x-www-form-urlencoded");
  REQUIRE(form);
  CHECK(form->status == 422);
  CHECK(api.total() == 0);
}

TEST_CASE(
    "a 100 000-line file with 3 bad lines is rejected whole, without a crash, naming the lines") {
  Api api;
  std::string file = "Nom;Prénom;Courriel;Code postal\n";
  file.reserve(5'000'000);
  for (int i = 1; i <= 100'000; ++i) {
    const bool bad = i == 10 || i == 50'000 || i == 99'999;
    file += "Nom" + std::to_string(i) + ";Prénom;" +
            (bad ? std::string("pas-un-courriel") : "m" + std::to_string(i) + "@asso.fr") +
            ";75001\n";
  }
  auto report = api.import("mode=apply&fileName=gros.csv", file, 200);
  CHECK(report["rows"] == 100'000);
  CHECK(report["invalid"] == 3);
  CHECK(report["applied"] == false);
  std::vector<int> lines;
  for (const auto& l : report["lines"]) {
    if (l["outcome"] == "error") lines.push_back(l["line"]);
  }
  CHECK(lines == std::vector<int>{11, 50'001, 100'000});
  CHECK(report["lines"].size() == 1000);  // the report is bounded
  CHECK(api.total() == 0);
}

namespace {

std::string encoded(const std::string& value) {
  return httplib::detail::encode_query_param(value);
}

std::set<std::string> error_columns(const nlohmann::json& line) {
  std::set<std::string> out;
  for (const auto& e : line["errors"])
    out.insert(e["column"].get<std::string>());
  return out;
}

void define_field(Api& api, const std::string& definition) {
  auto res = api.client.Post("/api/v1/organizations/1/fields", definition, "application/json");
  REQUIRE(res);
  REQUIRE_MESSAGE(res->status == 201, res->body);
}

}  // namespace

TEST_CASE("the columns parameter chooses which column fills which field, and the report says so") {
  Api api;
  const std::string file =
      "Nom;Nom de naissance;Prénom;Courriel;Mail perso;Divers\n"
      "Martin;Durand;Claire;claire.martin@travail.fr;claire@perso.fr;à ignorer\n";
  // Detected: Nom is the last name, Courriel the e-mail, Divers the notes.
  auto detected = api.import("mode=preview", file, 200);
  CHECK(detected["columns"][0] ==
        nlohmann::json({{"header", "Nom"}, {"field", "last_name"}, {"chosen", false}}));

  const std::string columns = "nom de naissance:last_name,MAIL PERSO:email,#6:ignore";
  auto preview = api.import("mode=preview&columns=" + encoded(columns), file, 200);
  const nlohmann::json expected = nlohmann::json::array({
      {{"header", "Nom"}, {"field", nullptr}, {"chosen", false}},
      {{"header", "Nom de naissance"}, {"field", "last_name"}, {"chosen", true}},
      {{"header", "Prénom"}, {"field", "first_name"}, {"chosen", false}},
      {{"header", "Courriel"}, {"field", nullptr}, {"chosen", false}},
      {{"header", "Mail perso"}, {"field", "email"}, {"chosen", true}},
      {{"header", "Divers"}, {"field", nullptr}, {"chosen", true}},
  });
  CHECK(preview["columns"] == expected);
  CHECK(api.total() == 0);

  api.import("mode=apply&columns=" + encoded(columns), file, 201);
  auto claire = api.find("claire");
  REQUIRE(claire.size() == 1);
  CHECK(claire[0]["lastName"] == "Durand");
  CHECK(claire[0]["email"] == "claire@perso.fr");
  CHECK(claire[0]["notes"] == "");
}

TEST_CASE("a columns parameter that does not fit is refused with 422 naming it, changing nothing") {
  Api api;
  for (const std::string columns : {"Surnom:first_name", "Nom:surname", "Nom:custom.licence", "Nom",
                                    "#9:email", "Nom:last_name,Prénom:last_name"}) {
    auto res = api.upload("mode=apply&columns=" + encoded(columns), kExcelFile);
    REQUIRE(res);
    CHECK_MESSAGE(res->status == 422, columns);
    CHECK(res->get_header_value("Content-Type") == "application/problem+json");
    auto problem = nlohmann::json::parse(res->body);
    REQUIRE(problem["errors"].size() >= 1);
    CHECK(problem["errors"][0]["field"] == "columns");
  }
  // The message names what does not fit, in the caller's language.
  httplib::Headers french = {{"Accept-Language", "fr-FR"}};
  auto res = api.client.Post(
      "/api/v1/organizations/1/imports?mode=apply&columns=" + encoded("Surnom:first_name"), french,
      kExcelFile, "text/csv");
  REQUIRE(res);
  CHECK(nlohmann::json::parse(res->body)["errors"][0]["message"] ==
        "le fichier n'a pas de colonne « Surnom »");
  CHECK(api.total() == 0);
}

TEST_CASE("custom fields are imported from the columns named by their key or label, and checked") {
  Api api;
  define_field(api, R"({"key":"licence","label":"N° de licence","type":"text","required":true})");
  define_field(api, R"({"key":"height","label":"Taille","type":"number"})");
  define_field(api, R"({"key":"volunteer","label":"Bénévole","type":"boolean"})");
  define_field(
      api,
      R"({"key":"medical","label":"Certificat médical","type":"date","classification":"sensitive"})");
  define_field(
      api, R"({"key":"tshirt","label":"T-shirt","type":"single_choice","choices":["S","M","L"]})");
  define_field(
      api,
      R"({"key":"skills","label":"Compétences","type":"multiple_choice","choices":["cuisine","jardin","compta"]})");
  const std::string file =
      "Nom;Courriel;n° de licence;Taille;BENEVOLE;Certificat medical;tshirt;Compétences\n"
      "Martin;martin@asso.fr;FFR-1;1,72;oui;01/09/2025;m;Jardin|cuisine\n"
      "Bernard;bernard@asso.fr;FFR-2;grand;peut-être;31/02/2025;XL;jardin, danse\n"
      "Petit;petit@asso.fr;;;;;;\n";
  auto report = api.import("mode=apply", file, 200);
  CHECK(report["applied"] == false);
  CHECK(report["invalid"] == 2);
  CHECK(report["columns"][2]["field"] == "custom.licence");
  CHECK(report["columns"][7]["field"] == "custom.skills");
  REQUIRE(report["lines"].size() == 3);
  CHECK(report["lines"][0]["line"] == 3);
  CHECK(error_columns(report["lines"][0]) ==
        std::set<std::string>{"Taille", "BENEVOLE", "Certificat medical", "tshirt", "Compétences"});
  CHECK(report["lines"][1]["line"] == 4);  // the required licence is missing on a new member
  CHECK(error_columns(report["lines"][1]) == std::set<std::string>{"n° de licence"});
  CHECK(api.total() == 0);

  auto applied = api.import("mode=apply&skipInvalid=true", file, 201);
  CHECK(applied["created"] == 1);
  auto martin = api.find("martin");
  REQUIRE(martin.size() == 1);
  // Lists never open sealed values; the record, read by the administrator, does.
  CHECK(martin[0]["custom"] == nlohmann::json({{"licence", "FFR-1"},
                                               {"height", 1.72},
                                               {"volunteer", true},
                                               {"tshirt", "M"},
                                               {"skills", {"jardin", "cuisine"}}}));
  const auto record = api.client.Get("/api/v1/organizations/1/members/" +
                                     std::to_string(martin[0]["id"].get<int>()));
  REQUIRE(record);
  CHECK(nlohmann::json::parse(record->body)["custom"]["medical"] == "2025-09-01");

  // An existing member (matched by e-mail) keeps what empty cells do not give, required or not.
  const std::string update = "Nom;Courriel;N° de licence;Bénévole\nMartin;martin@asso.fr;;non\n";
  auto updated = api.import("mode=apply", update, 201);
  CHECK(updated["updated"] == 1);
  martin = api.find("martin");
  CHECK(martin[0]["custom"]["licence"] == "FFR-1");
  CHECK(martin[0]["custom"]["volunteer"] == false);
  const auto kept = api.client.Get("/api/v1/organizations/1/members/" +
                                   std::to_string(martin[0]["id"].get<int>()));
  REQUIRE(kept);
  CHECK(nlohmann::json::parse(kept->body)["custom"]["medical"] ==
        "2025-09-01");  // the update kept the sealed value
  CHECK(api.import("mode=apply", update, 201)["unchanged"] == 1);

  // The columns parameter can name a custom field for a header that does not match it.
  const std::string other = "Nom;Courriel;Numéro FFR\nRoux;roux@asso.fr;FFR-9\n";
  auto chosen =
      api.import("mode=apply&columns=" + encoded("Numéro FFR:custom.licence"), other, 201);
  CHECK(chosen["columns"][2] ==
        nlohmann::json({{"header", "Numéro FFR"}, {"field", "custom.licence"}, {"chosen", true}}));
  CHECK(api.find("roux")[0]["custom"]["licence"] == "FFR-9");
}

TEST_CASE("async=true answers 202 at once; the status tells the progress, then the same report") {
  Api api;
  std::string file = "Nom;Prénom;Courriel\n";
  for (int i = 1; i <= 1200; ++i)
    file += "Nom" + std::to_string(i) + ";Paul;p" + std::to_string(i) + "@asso.fr\n";
  auto started = api.import("mode=apply&async=true&fileName=gros.csv", file, 202);
  CHECK(started["state"].get<std::string>() != "failed");
  CHECK(started["rowsTotal"] == 1200);
  CHECK(started["report"].is_null());
  const std::string url = started["statusUrl"].get<std::string>();
  CHECK(url == "/api/v1/organizations/1/imports/" + started["id"].get<std::string>());

  api.app.app().jobs().drain();
  auto res = api.client.Get(url);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  auto status = nlohmann::json::parse(res->body);
  CHECK(status["state"] == "done");
  CHECK(status["rowsDone"] == 1200);
  CHECK(status["problem"].is_null());
  CHECK(status["report"]["created"] == 1200);
  CHECK(status["report"]["applied"] == true);
  CHECK(status["report"]["fileName"] == "gros.csv");
  CHECK(api.total() == 1200);

  // A preview in the background keeps nothing either; a file that cannot be imported is refused
  // before anything is queued.
  auto preview = api.import("mode=preview&async=true", kExcelFile, 202);
  api.app.app().jobs().drain();
  auto seen = nlohmann::json::parse(api.client.Get(preview["statusUrl"].get<std::string>())->body);
  CHECK(seen["report"]["created"] == 2);
  CHECK(seen["report"]["applied"] == false);
  CHECK(api.total() == 1200);
  CHECK(api.upload("mode=apply&async=true", "Couleur;Taille\nbleu;M\n")->status == 422);
  CHECK(api.upload("mode=apply&async=maybe", kExcelFile)->status == 422);
  CHECK(
      api.client.Get("/api/v1/organizations/1/imports/0123456789abcdef0123456789abcdef")->status ==
      404);
  CHECK(api.client.Get(url + "?verbose=true")->status == 422);
}

TEST_CASE("the progress of a background import is reported while it runs") {
  Api api;
  // Hold the job thread so the import stays queued, then let it run.
  std::mutex gate;
  std::unique_lock hold(gate);
  api.app.app().jobs().enqueue("test gate", [&gate] { std::lock_guard wait(gate); });
  std::string file = "Nom;Courriel\n";
  for (int i = 1; i <= 3000; ++i)
    file += "N" + std::to_string(i) + ";n" + std::to_string(i) + "@asso.fr\n";
  auto started = api.import("mode=apply&async=true", file, 202);
  const std::string url = started["statusUrl"].get<std::string>();
  auto queued = nlohmann::json::parse(api.client.Get(url)->body);
  CHECK(queued["state"] == "queued");
  CHECK(queued["rowsDone"] == 0);
  CHECK(queued["rowsTotal"] == 3000);
  // Two may wait or run at a time; a third is refused until one finishes.
  api.import("mode=preview&async=true", kExcelFile, 202);
  auto refused = api.upload("mode=preview&async=true", kExcelFile);
  REQUIRE(refused);
  CHECK(refused->status == 409);
  CHECK(nlohmann::json::parse(refused->body)["errors"][0]["field"] == "async");
  hold.unlock();
  std::set<std::string> states;
  std::size_t last_done = 0;
  bool monotonic = true;
  for (int i = 0; i < 2000; ++i) {
    auto s = nlohmann::json::parse(api.client.Get(url)->body);
    states.insert(s["state"].get<std::string>());
    const auto done = s["rowsDone"].get<std::size_t>();
    monotonic = monotonic && done >= last_done;
    last_done = done;
    if (s["state"] == "done") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(monotonic);
  CHECK(states.count("done") == 1);
  CHECK(last_done == 3000);
  api.app.app().jobs().drain();
  api.import("mode=preview&async=true", kExcelFile, 202);  // room again
  api.app.app().jobs().drain();
}

TEST_CASE("only the user who started a background import, or an administrator, reads its status") {
  using fakes::FakeNextcloud;
  FakeNextcloud nextcloud;
  test_support::RunningApp app(test_support::nextcloud_config(nextcloud.url()));
  nextcloud.set_app("127.0.0.1", app.port());
  // Groups as captured: admin is in "admin" (provisioning.jsonl seq 9), the others in none (seq 7).
  nextcloud.answer_with("GET", "/ocs/v2.php/cloud/users/admin/groups", 9, "provisioning.jsonl");
  for (const char* uid : {"carol", "erin", "frank"}) {
    nextcloud.answer_with("GET", std::string("/ocs/v2.php/cloud/users/") + uid + "/groups", 7,
                          "provisioning.jsonl");
  }
  auto must = [](const FakeNextcloud::AppAnswer& a, int status) {
    REQUIRE_MESSAGE(a.status == status,
                    a.method << " " << a.path << " -> " << a.status << " " << a.body);
    return a;
  };
  must(nextcloud.proxy("POST", "/admin/v1/organizations", "admin",
                       R"({"slug":"amis","name":"Les Amis"})", "application/json"),
       201);
  must(nextcloud.proxy("POST", "/admin/v1/organizations", "admin",
                       R"({"slug":"autre","name":"Autre"})", "application/json"),
       201);
  for (auto [org, uid] : {std::pair{1, "carol"}, std::pair{1, "erin"}, std::pair{2, "frank"}}) {
    must(nextcloud.proxy("POST", "/admin/v1/organizations/" + std::to_string(org) + "/roles",
                         "admin",
                         std::string(R"({"principalType":"user","principalId":")") + uid +
                             R"(","role":"manager"})",
                         "application/json"),
         201);
  }
  auto started = nlohmann::json::parse(
      must(nextcloud.proxy("POST", "/api/v1/organizations/1/imports?mode=apply&async=true", "erin",
                           kExcelFile, "text/csv"),
           202)
          .body);
  app.app().jobs().drain();
  const std::string url = started["statusUrl"].get<std::string>();
  CHECK(nlohmann::json::parse(
            must(nextcloud.proxy("GET", url, "erin"), 200).body)["report"]["created"] == 2);
  must(nextcloud.proxy("GET", url, "admin"), 200);
  must(nextcloud.proxy("GET", url, "carol"), 404);  // a manager too, but not the one who started it
  must(nextcloud.proxy("GET", url, "frank"), 403);  // no role in organisation 1
  // The same id under another organisation names nothing, even for its manager or an admin.
  const std::string elsewhere =
      "/api/v1/organizations/2/imports/" + started["id"].get<std::string>();
  must(nextcloud.proxy("GET", elsewhere, "frank"), 404);
  must(nextcloud.proxy("GET", elsewhere, "admin"), 404);
  app.app().jobs().drain();
}
