// CSV import over real HTTP (standalone mode, the local administrator).
#include <doctest/doctest.h>

#include <chrono>
#include <set>

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
  for (const auto& e : bad["errors"]) columns.insert(e["column"].get<std::string>());
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
  auto type = api.client.Post("/api/v1/organizations/1/membership-types",
                              R"({"name":"Adhésion annuelle","period":"calendar_year","amountCents":2000})", "application/json");
  REQUIRE(type);
  REQUIRE(type->status == 201);
  const std::string year = std::to_string(static_cast<int>(std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())}.year()));
  const std::string file = "Nom;Prénom;Date d'adhésion;Type de cotisation;Montant;Payé le;Mode de paiement\n"
                           "Faure;Léa;01/01/" + year + ";Adhésion annuelle;20,00 €;01/01/" + year + ";Chèque\n"
                           "Roy;Luc;01/01/" + year + ";Inconnue;10;;\n";
  auto report = api.import("mode=apply&skipInvalid=true", file, 201);
  CHECK(report["created"] == 1);
  CHECK(report["invalid"] == 1);
  auto lea = api.find("lea");
  REQUIRE(lea.size() == 1);
  CHECK(lea[0]["status"] == "active");
  auto dues = api.client.Get("/api/v1/organizations/1/members/" + std::to_string(lea[0]["id"].get<int>()) + "/memberships");
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
  CHECK(api.upload("mode=apply", "Nom;Prénom\n\"Martin;Paul\n")->status == 422);  // unterminated quote
  CHECK(api.upload("mode=sideways", kExcelFile)->status == 422);
  auto form = api.client.Post("/api/v1/organizations/1/imports?mode=apply", kExcelFile, "application/x-www-form-urlencoded");
  REQUIRE(form);
  CHECK(form->status == 422);
  CHECK(api.total() == 0);
}

TEST_CASE("a 100 000-line file with 3 bad lines is rejected whole, without a crash, naming the lines") {
  Api api;
  std::string file = "Nom;Prénom;Courriel;Code postal\n";
  file.reserve(5'000'000);
  for (int i = 1; i <= 100'000; ++i) {
    const bool bad = i == 10 || i == 50'000 || i == 99'999;
    file += "Nom" + std::to_string(i) + ";Prénom;" + (bad ? std::string("pas-un-courriel") : "m" + std::to_string(i) + "@asso.fr") +
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
