// The access package as a document and as files, from a package built by hand: the JSON's
// parts, labels joined to custom values, texts joined to consents, no token hash anywhere, CSV
// files flattened from the JSON with localised headers and the formula guard, and a file name
// without personal data.
#include "http/access_package_files.hpp"

#include <doctest/doctest.h>

#include "http/access_package_json.hpp"

using namespace registre;

namespace {

services::AccessPackage sample() {
  services::AccessPackage p;
  p.generated_at = "2026-11-29T07:05:09.123Z";
  p.organization.id = 1;
  p.organization.name = "Les Amis";
  p.member.id = 12;
  p.member.organization_id = 1;
  p.member.number = 42;
  p.member.first_name = "Élise";
  p.member.last_name = "Dupré";
  p.member.notes = "=HYPERLINK(\"x\")";
  p.member.household_id = 11;
  p.household_number = 41;
  p.custom_values = {{"allergies", "arachides"}, {"skills", {"cuisine", "jardin"}}, {"gone", 3}};
  domain::FieldDefinition allergies;
  allergies.key = "allergies";
  allergies.label = "Allergies";
  allergies.type = "long_text";
  allergies.classification = "sensitive";
  domain::FieldDefinition skills;
  skills.key = "skills";
  skills.label = "Compétences";
  skills.type = "multiple_choice";
  p.fields = {allergies, skills};
  domain::Purpose purpose;
  purpose.id = 5;
  purpose.key = "newsletter";
  purpose.title = "Lettre d'information";
  purpose.legal_basis = "consent";
  p.purposes = {purpose};
  domain::PurposeVersion version;
  version.id = 7;
  version.purpose_id = 5;
  version.number = 2;
  version.text_fr = "Je veux la lettre.";
  version.text_en = "I want the letter.";
  version.text_hash = std::string(64, 'a');
  p.purpose_versions = {version};
  domain::ConsentEvent given;
  given.seq = 3;
  given.purpose_id = 5;
  given.version_id = 7;
  given.text_hash = version.text_hash;
  given.decision = "given";
  given.channel = "paper";
  p.consents = {given};
  domain::PublicLink link;
  link.id = 9;
  link.token_hash = "";  // the service clears it
  p.public_links = {link};
  return p;
}

std::map<std::string, std::string> files_of(const nlohmann::json& doc,
                                            const std::string& language) {
  std::map<std::string, std::string> out;
  for (auto& f : http::access_package_files(doc, language))
    out[f.name] = f.content;
  return out;
}

}  // namespace

TEST_CASE("the document joins labels to custom values and texts to consents") {
  const auto doc = http::access_package_json(sample());
  CHECK(doc["formatVersion"] == 1);
  CHECK(doc["member"]["household"] == nlohmann::json{{"memberId", 11}, {"number", 41}});
  CHECK(doc["member"]["notes"] == "=HYPERLINK(\"x\")");
  REQUIRE(doc["customFields"].size() == 3);
  for (const auto& f : doc["customFields"]) {
    if (f["key"] == "allergies") {
      CHECK(f["label"] == "Allergies");
      CHECK(f["classification"] == "sensitive");
      CHECK(f["value"] == "arachides");
    }
    if (f["key"] == "gone") {  // a value whose definition is no more: kept, named by its key
      CHECK(f["label"] == "gone");
      CHECK(f["type"].is_null());
    }
  }
  const auto& consent = doc["consents"].at(0);
  CHECK(consent["purpose"]["title"] == "Lettre d'information");
  CHECK(consent["version"]["number"] == 2);
  CHECK(consent["version"]["textFr"] == "Je veux la lettre.");
  CHECK(consent["evidence"].is_null());
  CHECK_FALSE(doc["publicLinks"].at(0).contains("tokenHash"));
}

TEST_CASE("the files are package.json and a CSV per part, headers in the reader's language") {
  const auto doc = http::access_package_json(sample());
  const auto fr = files_of(doc, "fr");
  CHECK(fr.size() == 9);
  CHECK(nlohmann::json::parse(fr.at("package.json")) == doc);
  const std::string bom = "\xEF\xBB\xBF";
  CHECK(fr.at("member.csv").rfind(bom + "Numéro;Nom;Prénom;Courriel;", 0) == 0);
  CHECK(fr.at("member.csv").find("\"'=HYPERLINK(\"\"x\"\")\"") != std::string::npos);  // guarded
  CHECK(fr.at("member.csv").find(";41;") != std::string::npos);  // the household's number
  CHECK(fr.at("custom_fields.csv").find("cuisine, jardin") != std::string::npos);
  CHECK(fr.at("consents.csv").find("Je veux la lettre.") != std::string::npos);
  const auto en = files_of(doc, "en");
  CHECK(en.at("member.csv").rfind(bom + "Number;Last name;First name;Email;", 0) == 0);
  CHECK(en.at("requests.csv") == bom +
                                     "Kind;Received on;Due on;Status;Handled by;Extension (months);"
                                     "Reason for the extension;Closed on;What was done\r\n");
}

TEST_CASE("the file name holds the member number and the date, and the archive the time") {
  const auto doc = http::access_package_json(sample());
  CHECK(http::access_package_file_name(doc, "zip") == "registre-access-42-2026-11-29.zip");
  const auto t = http::access_package_time(doc);
  CHECK(t.year == 2026);
  CHECK(t.month == 11);
  CHECK(t.day == 29);
  CHECK(t.hour == 7);
  CHECK(t.minute == 5);
  CHECK(t.second == 9);
}
