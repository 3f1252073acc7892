#include "domain/csv_reader.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace registre;
using namespace registre::domain;

namespace {

using Fields = std::vector<std::string>;

CsvDocument parse_ok(std::string_view bytes, const CsvLimits& limits = {}) {
  auto result = parse_csv(bytes, limits);
  if (!result.ok()) FAIL("parse failed: " << result.error().detail);
  return std::move(result).value();
}

Error parse_error(std::string_view bytes, const CsvLimits& limits = {}) {
  auto result = parse_csv(bytes, limits);
  if (result.ok()) FAIL("parse should have failed");
  return result.error();
}

std::string field_name(const Error& e) {
  return e.fields.empty() ? "" : e.fields[0].field;
}

}  // namespace

TEST_CASE("a semicolon file: header, rows, 1-based lines") {
  auto doc = parse_ok("Nom;Prénom;Ville\nDupont;Marie;Lyon\nMartin;Paul;Nantes\n");
  CHECK(doc.separator == ';');
  CHECK(doc.encoding == "utf-8");
  CHECK(doc.header == Fields{"Nom", "Prénom", "Ville"});
  REQUIRE(doc.rows.size() == 2);
  CHECK(doc.rows[0].line == 2);
  CHECK(doc.rows[0].fields == Fields{"Dupont", "Marie", "Lyon"});
  CHECK(doc.rows[1].line == 3);
  CHECK(doc.rows[1].fields == Fields{"Martin", "Paul", "Nantes"});
}

TEST_CASE("quoted fields keep separators and doubled quotes") {
  auto doc = parse_ok("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"\"\n");
  CHECK(doc.separator == ',');
  REQUIRE(doc.rows.size() == 1);
  CHECK(doc.rows[0].fields == Fields{"x,y", "say \"hi\"", ""});
}

TEST_CASE("line breaks inside quotes are data, and later records keep their physical line") {
  auto doc = parse_ok(
      "nom;adresse\r\n"
      "A;\"1 rue X\r\nBât. B\"\r\n"       // CRLF inside: the record spans lines 2-3
      "B;\"2 rue Y\nEsc. 3\nEtage 2\"\n"  // LF inside: lines 4-6
      "C;\"3 rue Z\rApt 4\"\n"            // lone CR inside: lines 7-8
      "D;4 rue W\n");                     // line 9
  REQUIRE(doc.rows.size() == 4);
  CHECK(doc.rows[0].fields[1] == "1 rue X\r\nBât. B");
  CHECK(doc.rows[1].fields[1] == "2 rue Y\nEsc. 3\nEtage 2");
  CHECK(doc.rows[2].fields[1] == "3 rue Z\rApt 4");
  CHECK(doc.rows[0].line == 2);
  CHECK(doc.rows[1].line == 4);
  CHECK(doc.rows[2].line == 7);
  CHECK(doc.rows[3].line == 9);
}

TEST_CASE("CRLF, LF and lone CR line ends; a final line without newline") {
  for (const std::string text : {"a;b\r\n1;2\r\n3;4", "a;b\n1;2\n3;4", "a;b\r1;2\r3;4"}) {
    CAPTURE(text);
    auto doc = parse_ok(text);
    REQUIRE(doc.rows.size() == 2);
    CHECK(doc.rows[1].fields == Fields{"3", "4"});
    CHECK(doc.rows[1].line == 3);
  }
}

TEST_CASE("a UTF-8 BOM is stripped") {
  auto doc = parse_ok("\xEF\xBB\xBFNom,Prénom\nDurand,Zoé\n");
  CHECK(doc.encoding == "utf-8-bom");
  CHECK(doc.header == Fields{"Nom", "Prénom"});
  CHECK(doc.rows[0].fields == Fields{"Durand", "Zoé"});
}

TEST_CASE("Windows-1252 bytes are converted to UTF-8") {
  // As French Excel saves it: é = E9, œ = 9C, € = 80, ’ = 92.
  auto doc = parse_ok(
      "Pr\xE9nom;Note\r\nC\x9Cur;20 \x80 l\x92"
      "an\r\n");
  CHECK(doc.encoding == "windows-1252");
  CHECK(doc.header == Fields{"Prénom", "Note"});
  CHECK(doc.rows[0].fields == Fields{"Cœur", "20 € l’an"});
}

TEST_CASE("windows1252_to_utf8 covers 0x80-0x9F and Latin-1") {
  std::string high;
  for (int b = 0x80; b <= 0x9F; ++b)
    high.push_back(static_cast<char>(b));
  CHECK(windows1252_to_utf8(high) ==
        "€\xEF\xBF\xBD‚ƒ„…†‡ˆ‰Š‹Œ\xEF\xBF\xBDŽ\xEF\xBF\xBD\xEF\xBF\xBD‘’“”•–—˜™š›œ\xEF\xBF\xBDžŸ");
  CHECK(windows1252_to_utf8("\xA0\xC0\xE9\xFF") == "\u00A0Àéÿ");
  CHECK(windows1252_to_utf8("plain") == "plain");
}

TEST_CASE("is_valid_utf8 refuses malformed sequences") {
  CHECK(is_valid_utf8("é € 🎉"));
  CHECK_FALSE(is_valid_utf8("\xE9"));              // a Windows-1252 é
  CHECK_FALSE(is_valid_utf8("\xC0\x80"));          // overlong
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
}

TEST_CASE("a BOM file with stray bytes keeps valid UTF-8") {
  auto doc = parse_ok("\xEF\xBB\xBFnom\nA\xE9\n");
  CHECK(doc.encoding == "utf-8-bom");
  CHECK(doc.rows[0].fields[0] == "A\xEF\xBF\xBD");
}

TEST_CASE("the separator is the most frequent on the header line, ';' on ties") {
  CHECK(parse_ok("a,b,c\n1,2,3\n").separator == ',');
  CHECK(parse_ok("a;b;c\n1;2;3\n").separator == ';');
  CHECK(parse_ok("a\tb\tc\n1\t2\t3\n").separator == '\t');
  CHECK(parse_ok("a;b,c\n1;2,3\n").separator == ';');      // tie
  CHECK(parse_ok("nom\nDupont\n").separator == ';');       // none at all
  CHECK(parse_ok("\"a,b,c\";d\n1;2\n").separator == ';');  // quoted commas do not count
  CHECK(parse_ok("\n\na,b\n1,2\n").separator == ',');      // leading blank lines
  auto tabs = parse_ok("Nom\tVille\nDe la Tour, Jean\tSaint-Malo\n");
  CHECK(tabs.rows[0].fields == Fields{"De la Tour, Jean", "Saint-Malo"});
}

TEST_CASE("a first line sep=X names the separator, as Excel reads it") {
  auto doc = parse_ok("sep=,\r\na;b,c\r\n1;2,3\r\n");
  CHECK(doc.separator == ',');
  CHECK(doc.header == Fields{"a;b", "c"});
  CHECK(doc.rows[0].line == 3);
}

TEST_CASE("trailing empty fields are kept, short rows are padded") {
  auto doc = parse_ok("a;b;c;d\n1;;;\n2;x\n3\n");
  REQUIRE(doc.rows.size() == 3);
  CHECK(doc.rows[0].fields == Fields{"1", "", "", ""});
  CHECK(doc.rows[1].fields == Fields{"2", "x", "", ""});
  CHECK(doc.rows[2].fields == Fields{"3", "", "", ""});
}

TEST_CASE("a row longer than the header is refused with its line, unless the extras are empty") {
  auto e = parse_error("a;b\n1;2\n\"x\ny\";2\n3;4;5\n");
  CHECK(e.kind == ErrorKind::invalid);
  CHECK(field_name(e) == "line 5");
  CHECK(e.fields[0].message.find("3 fields") != std::string::npos);

  auto doc = parse_ok("a;b\n1;2;;\n");
  CHECK(doc.rows[0].fields == Fields{"1", "2"});
}

TEST_CASE("a quote left open names the line it opened on") {
  auto e = parse_error("a;b\n1;2\n3;\"never\nclosed\n4;5\n");
  CHECK(e.kind == ErrorKind::invalid);
  CHECK(field_name(e) == "line 3");
  CHECK(e.fields[0].message.find("line 3") != std::string::npos);
}

TEST_CASE("a stray quote inside an unquoted field is data; text after a closing quote is kept") {
  auto doc = parse_ok("article;taille\ntuyau 12\" PVC;2\"\n\"ab\"cd;x\n");
  CHECK(doc.rows[0].fields == Fields{"tuyau 12\" PVC", "2\""});
  CHECK(doc.rows[1].fields == Fields{"abcd", "x"});
}

TEST_CASE("blank lines and rows of empty cells are skipped; lines stay physical") {
  auto doc = parse_ok("\r\n\r\nnom;ville\r\n\r\nA;B\r\n;\r\n;;;\r\n\r\nC;D\r\n\r\n");
  CHECK(doc.header == Fields{"nom", "ville"});
  REQUIRE(doc.rows.size() == 2);
  CHECK(doc.rows[0].line == 5);
  CHECK(doc.rows[1].line == 9);
}

TEST_CASE("header names are trimmed, data fields are not") {
  auto doc = parse_ok(" Nom ;\tPrénom\t; Ville\n Dupont ;Marie;\" Lyon \"\n");
  CHECK(doc.header == Fields{"Nom", "Prénom", "Ville"});
  CHECK(doc.rows[0].fields == Fields{" Dupont ", "Marie", " Lyon "});
}

TEST_CASE("errors: empty input, NUL bytes") {
  auto empty = parse_error("");
  CHECK(empty.kind == ErrorKind::invalid);
  CHECK(field_name(empty) == "file");
  CHECK(parse_error("\xEF\xBB\xBF").kind == ErrorKind::invalid);
  CHECK(parse_error("\r\n\n;;\n").kind == ErrorKind::invalid);

  auto nul = parse_error(std::string_view("a;b\n1;2\n3;\0\n", 12));
  CHECK(field_name(nul) == "line 3");
}

TEST_CASE("limits: columns, field size, rows") {
  CsvLimits limits;
  limits.max_columns = 3;
  CHECK(parse_csv("a;b;c\n1;2;3\n", limits).ok());
  auto columns = parse_error("a;b;c;d\n", limits);
  CHECK(columns.kind == ErrorKind::invalid);
  CHECK(field_name(columns) == "line 1");

  limits = {};
  limits.max_field_bytes = 5;
  CHECK(parse_csv("a\n12345\n", limits).ok());
  CHECK(field_name(parse_error("a\n1\n123456\n", limits)) == "line 3");
  CHECK(field_name(parse_error("a\n\"12\"\"345\"\n", limits)) == "line 2");

  limits = {};
  limits.max_rows = 2;
  CHECK(parse_csv("a\n1\n2\n", limits).ok());
  auto rows = parse_error("a\n1\n2\n3\n", limits);
  CHECK(rows.kind == ErrorKind::payload_too_large);
  CHECK(field_name(rows) == "line 4");
}

TEST_CASE("100 000 rows of 15 fields parse") {
  std::string text =
      "numero;nom;prenom;email;telephone;adresse;cp;ville;pays;naissance;"
      "adhesion;type;montant;paye_le;notes\r\n";
  text.reserve(16 * 1024 * 1024);
  for (int i = 0; i < 100000; ++i) {
    const std::string n = std::to_string(i);
    text += n + ";Nom" + n + ";Prénom;p" + n + "@example.org;0612345678;\"" + n +
            " rue de la Paix; Bât A\";75001;Paris;France;1980-01-01;2024-09-01;Adhérent;"
            "20,00;2024-09-02;\"note \"\"" +
            n + "\"\"\"\r\n";
  }
  auto doc = parse_ok(text);
  CHECK(doc.header.size() == 15);
  REQUIRE(doc.rows.size() == 100000);
  const auto& row = doc.rows[54321];
  CHECK(row.line == 54323);
  CHECK(row.fields[0] == "54321");
  CHECK(row.fields[5] == "54321 rue de la Paix; Bât A");
  CHECK(row.fields[14] == "note \"54321\"");
}
