// Writes fuzz_routes' seeds and dictionary from the application's own route table, so they stay
// in step with the routes: `cmake --build build-fuzz --target fuzz_routes_seeds` (docs/fuzzing.md).
//
//   routes_seed_generator <repository root>
//
// - tests/fuzz/corpus/routes/route-*: one request per route (its example path, an example JSON
//   body for writes, If-Match on updates). Other files there (regression inputs) are kept.
// - tests/fuzz/routes.dict: the routes' path segments, every quoted name in the route handlers'
//   sources (JSON keys, query parameters, enumerated values) and the headers the API reads.
// Each seed is also sent, in order, to one fresh application and its status printed: a seed that
// only gets a 404 or a 400 explores little, so the table of example bodies below should keep them
// rare.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "in_process_app.hpp"

namespace {

namespace fs = std::filesystem;

// Example bodies, by "METHOD pattern" as registered. Writes without an entry get "{}".
const std::map<std::string, std::string> kBodies = {
    {"POST /admin/v1/organizations",
     R"({"slug":"club-2","name":"Club 2","legalForm":"association","timezone":"Europe/Paris","currency":"EUR"})"},
    {R"(PUT /admin/v1/organizations/(\d+))", R"({"name":"Club renamed","archived":false})"},
    {R"(POST /admin/v1/organizations/(\d+)/roles)",
     R"({"principalType":"user","principalId":"bob","role":"viewer"})"},
    {R"(POST /api/v1/organizations/(\d+)/members)",
     R"({"firstName":"Élodie","lastName":"Martin","email":"elodie@example.org","phone":"06 12 34 56 78","address":"1 rue de la Paix","postcode":"75002","city":"Paris","country":"FR","birthDate":"12/05/1990","admittedOn":"2025-09-01","notes":"","restricted":false,"custom":{}})"},
    {R"(PUT /api/v1/organizations/(\d+)/members/(\d+))",
     R"({"city":"Lyon","phone":null,"custom":{}})"},
    {R"(POST /api/v1/organizations/(\d+)/members/(\d+)/erasure)", R"({"subjectRequestId":null})"},
    {R"(POST /api/v1/organizations/(\d+)/membership-types)",
     R"({"name":"Adhésion annuelle","period":"season","seasonStartMonth":9,"amountCents":2500,"currency":"EUR"})"},
    {R"(POST /api/v1/organizations/(\d+)/members/(\d+)/memberships)",
     R"({"typeId":1,"startsOn":"2025-09-01","amountCents":2500,"paidOn":"2025-09-02","paymentMethod":"cash","reference":"R-1"})"},
    {R"(POST /api/v1/organizations/(\d+)/fields)",
     R"({"key":"licence","label":"Licence","type":"single_choice","classification":"other","required":false,"choices":["A","B"]})"},
    {R"(POST /api/v1/organizations/(\d+)/purposes)",
     R"({"key":"photos","title":"Photos","description":"Photos of events","legalBasis":"consent","dataCategories":["images"],"recipients":"the board","retention":"2 years","textFr":"J'accepte","textEn":"I agree"})"},
    {R"(PUT /api/v1/organizations/(\d+)/purposes/(\d+))", R"({"title":"Photos","active":true})"},
    {R"(POST /api/v1/organizations/(\d+)/purposes/(\d+)/versions)",
     R"({"textFr":"Texte","textEn":"Text"})"},
    {R"(POST /api/v1/organizations/(\d+)/members/(\d+)/consents)",
     R"({"purposeId":1,"decision":"granted","channel":"paper","evidence":"signed form"})"},
    {R"(POST /api/v1/organizations/(\d+)/members/(\d+)/links)", R"({"expiresInDays":30})"},
    {R"(POST /public/v1/consents/([^/]{1,200}))", R"({"purposeId":1,"decision":"granted"})"},
    {R"(POST /api/v1/organizations/(\d+)/me/consents)",
     R"({"purposeId":1,"decision":"withdrawn"})"},
    {R"(POST /api/v1/organizations/(\d+)/requests)",
     R"({"kind":"access","receivedOn":"2025-01-10","memberId":1,"handler":"admin"})"},
    {R"(PUT /api/v1/organizations/(\d+)/requests/(\d+))", R"({"handler":"admin"})"},
    {R"(POST /api/v1/organizations/(\d+)/requests/(\d+)/extension)",
     R"({"extensionMonths":2,"reason":"complex"})"},
    {R"(POST /api/v1/organizations/(\d+)/requests/(\d+)/closure)",
     R"({"status":"completed","closureProof":"sent by mail"})"},
    {R"(POST /admin/v1/organizations/(\d+)/webhooks)",
     R"({"url":"https://hooks.example.org/registre","description":"CRM","events":["member.created"],"scope":"all","active":true})"},
    {R"(PUT /admin/v1/organizations/(\d+)/webhooks/(\d+))", R"({"active":false})"},
    {R"(POST /api/v1/organizations/(\d+)/retention/rules)",
     R"({"subject":"former_members","trigger":"date_left","delayAmount":3,"delayUnit":"years","action":"erase","enabled":true,"description":"Three years after leaving"})"},
    {R"(PUT /api/v1/organizations/(\d+)/retention/rules/(\d+))", R"({"delayAmount":5})"},
    {R"(PUT /api/v1/organizations/(\d+)/retention/settings)",
     R"({"runAt":"03:00","requireApproval":true,"noticeDays":30,"batchSize":100})"},
    {R"(POST /api/v1/organizations/(\d+)/retention/approvals)",
     R"({"on":"2026-01-01","previewHash":"00"})"},
    {R"(POST /api/v1/organizations/(\d+)/members/(\d+)/holds)",
     R"({"reason":"litigation","until":"2030-01-01"})"},
    {R"(POST /api/v1/organizations/(\d+)/retention/reviews/(\d+)/decision)",
     R"({"decision":"keep","reason":"still a member","until":"2030-01-01"})"},
    {R"(POST /admin/v1/organizations/(\d+)/group-sync/groups)",
     R"({"kind":"role","role":"manager","displayName":"Club managers"})"},
    {R"(POST /api/v1/organizations/(\d+)/forms)",
     R"({"formId":7,"ownerId":"admin","fields":{"1":"lastName"},"consents":{}})"},
    {R"(PUT /api/v1/organizations/(\d+)/forms/(\d+))",
     R"({"ownerId":"admin","fields":{},"consents":{}})"},
    {"POST /webhooks/nextcloud",
     R"({"event":{"class":"OCA\\Forms\\Events\\FormSubmittedEvent","form":{"id":7},"submission":{"id":1}},"user":{"uid":"admin"},"time":1700000000})"},
};

// A file name for a route: its method and example path, reduced to [A-Za-z0-9_-].
std::string seed_name(const registre::http::Route& route) {
  std::string name = "route-" + route.method + "-" + route.example_path;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  }
  return name.substr(0, 120);
}

std::string seed_text(const registre::http::Route& route) {
  const std::string key = route.method + " " + route.pattern;
  std::string text = route.method + " " + route.example_path + "\n";
  text += "Accept-Language: fr\n";
  if (route.method == "PUT" || route.example_path.find("/erasure") != std::string::npos) {
    text += "If-Match: \"1\"\n";
  }
  if (route.example_path.find("/imports") != std::string::npos && route.method == "POST") {
    text += "Content-Type: text/csv\n\nNom;Prénom;Courriel\nMartin;Élodie;elodie@example.org\n";
    return text;
  }
  text += "\n";
  if (auto body = kBodies.find(key); body != kBodies.end())
    text += body->second;
  else if (route.method == "POST" || route.method == "PUT")
    text += "{}";
  return text;
}

// "quoted" names in a source file that look like API words: JSON keys, parameters, values.
void collect_words(const fs::path& file, std::set<std::string>& words) {
  std::ifstream in(file);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  static const std::regex quoted(R"re("([A-Za-z][A-Za-z0-9_.\-]{1,40})")re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), quoted);
       it != std::sregex_iterator(); ++it) {
    words.insert((*it)[1].str());
  }
}

std::string dict_entry(const std::string& word) {
  std::string escaped;
  for (char c : word) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return "\"" + escaped + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: routes_seed_generator <repository root>\n";
    return 2;
  }
  registre::log::set_level(registre::log::Level::error);
  const fs::path root = argv[1];
  const fs::path corpus = root / "tests/fuzz/corpus/routes";
  fs::create_directories(corpus);
  for (const auto& entry : fs::directory_iterator(corpus)) {
    if (entry.path().filename().string().rfind("route-", 0) == 0) fs::remove(entry.path());
  }

  registre::fuzz::InProcessApp app;
  std::set<std::string> words;
  int written = 0;
  for (const auto& route : app.app().router().routes()) {
    const std::string text = seed_text(route);
    std::ofstream(corpus / seed_name(route), std::ios::binary) << text;
    ++written;
    const auto answer = app.send(registre::fuzz::to_http_request(text));
    std::cout << answer.status << "  " << route.method << " " << route.example_path << "\n";
    std::string path = route.example_path.substr(0, route.example_path.find('?'));
    std::stringstream segments(path);
    for (std::string segment; std::getline(segments, segment, '/');) {
      if (!segment.empty()) words.insert(segment);
    }
    words.insert(path);
  }
  for (const auto& entry : fs::directory_iterator(root / "server/src/http")) {
    if (entry.path().extension() == ".cpp") collect_words(entry.path(), words);
  }

  std::ofstream dict(root / "tests/fuzz/routes.dict");
  dict << "# fuzz_routes dictionary, written by routes_seed_generator (do not edit by hand).\n";
  for (const char* literal : {"GET ",
                              "POST ",
                              "PUT ",
                              "DELETE ",
                              "HEAD ",
                              "OPTIONS ",
                              "If-Match: ",
                              "Accept-Language: ",
                              "Content-Type: ",
                              "AA-REQUEST-ID: ",
                              "application/json",
                              "text/csv",
                              "W/\"1\"",
                              "\"1\"",
                              "?",
                              "&",
                              "=",
                              "%00",
                              "%C3%A9",
                              "null",
                              "true",
                              "false",
                              "[]",
                              "{}",
                              "\":\"",
                              "\":",
                              "-9223372036854775808",
                              "9223372036854775807",
                              "1e308",
                              "2026-02-29",
                              "31/12/2025",
                              "\\u0000",
                              "\\ud800"}) {
    dict << dict_entry(literal) << "\n";
  }
  for (const auto& word : words)
    dict << dict_entry(word) << "\n";
  std::cerr << written << " seeds in " << corpus << ", " << words.size()
            << " words in routes.dict\n";
  return 0;
}
