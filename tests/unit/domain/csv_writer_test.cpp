#include "domain/csv_writer.hpp"

#include <doctest/doctest.h>

#include "domain/csv_reader.hpp"

using namespace registre::domain;

namespace {
using Fields = std::vector<std::string>;
}

TEST_CASE("fields are quoted only when they must be") {
  const CsvWriteOptions comma{',', false};
  CHECK(csv_row({"a", "b c", ""}, comma) == "a,b c,\r\n");
  CHECK(csv_row({"x,y", "x;y", "x\ty"}, comma) == "\"x,y\",\"x;y\",\"x\ty\"\r\n");
  CHECK(csv_row({"say \"hi\""}, comma) == "\"say \"\"hi\"\"\"\r\n");
  CHECK(csv_row({"l1\nl2", "l1\r\nl2", "l1\rl2"}, comma) ==
        "\"l1\nl2\",\"l1\r\nl2\",\"l1\rl2\"\r\n");
  CHECK(csv_row({" lead", "trail ", "in side"}, comma) == "\" lead\",\"trail \",in side\r\n");
  CHECK(csv_row({"a", "b"}, CsvWriteOptions{';', false}) == "a;b\r\n");
}

TEST_CASE("formula guard: = + - @ TAB CR get a quote in front, signed numbers do not") {
  CHECK(needs_formula_guard("=SUM(A1)"));
  CHECK(needs_formula_guard("+cmd|' /C calc'!A0"));
  CHECK(needs_formula_guard("-2+3"));
  CHECK(needs_formula_guard("@SUM(1)"));
  CHECK(needs_formula_guard("\t=1"));
  CHECK(needs_formula_guard("\r=1"));
  CHECK(needs_formula_guard("-"));
  CHECK(needs_formula_guard("+33 6 12 34 56 78"));  // spaces: not a plain number
  CHECK(needs_formula_guard("-1."));
  CHECK_FALSE(needs_formula_guard("-12.5"));
  CHECK_FALSE(needs_formula_guard("-12,5"));
  CHECK_FALSE(needs_formula_guard("+33612345678"));
  CHECK_FALSE(needs_formula_guard("12-3"));
  CHECK_FALSE(needs_formula_guard(" =1"));
  CHECK_FALSE(needs_formula_guard(""));

  const CsvWriteOptions semicolon{';', false};
  CHECK(csv_row({"=SUM(A1)", "-12.5", "+33612345678"}, semicolon) ==
        "'=SUM(A1);-12.5;+33612345678\r\n");
  CHECK(csv_row({"=A1;B1", "\tx"}, semicolon) == "\"'=A1;B1\";\"'\tx\"\r\n");
}

TEST_CASE("a document starts with a BOM when asked and ends every record with CRLF") {
  const auto with_bom = csv_document({"Nom", "Ville"}, {{"Dupont", "Lyon"}}, {';', true});
  CHECK(with_bom == "\xEF\xBB\xBFNom;Ville\r\nDupont;Lyon\r\n");
  const auto without = csv_document({"Nom"}, {}, {',', false});
  CHECK(without == "Nom\r\n");
}

TEST_CASE("round trip: parse_csv(csv_document(x)) gives x back") {
  const Fields header = {"Nom", "Prénom", "Adresse", "Note", "Montant", "Téléphone"};
  const std::vector<Fields> rows = {
      {"Dupont, Jr", "Zoé", "1 rue X\nBât. B", "say \"hi\"", "-12.5", "+33612345678"},
      {" lead", "trail ", "a;b", "🎉 fête", "20,00", ""},
      {"O'Neil", "Ana\r\nMaria", "x\ry", "\t", "", "0612345678"},
      {"=SUM(A1)", "@me", "", "", "+1", "-"},
  };
  for (const char separator : {',', ';', '\t'}) {
    for (const bool bom : {true, false}) {
      CAPTURE(separator);
      CAPTURE(bom);
      const auto text = csv_document(header, rows, {separator, bom});
      auto parsed = parse_csv(text);
      REQUIRE(parsed.ok());
      CHECK(parsed->separator == separator);
      CHECK(parsed->encoding == (bom ? "utf-8-bom" : "utf-8"));
      CHECK(parsed->header == header);
      REQUIRE(parsed->rows.size() == rows.size());
      CHECK(parsed->rows[0].fields == rows[0]);
      CHECK(parsed->rows[1].fields == rows[1]);
      CHECK(parsed->rows[2].fields ==
            Fields{"O'Neil", "Ana\r\nMaria", "x\ry", "'\t", "", "0612345678"});
      CHECK(parsed->rows[3].fields == Fields{"'=SUM(A1)", "'@me", "", "", "+1", "'-"});
      CHECK(parsed->rows[2].line == 5);  // the row before holds a line break
    }
  }
}

TEST_CASE("a first field \"sep=\" is quoted, so that it is not read as a directive") {
  // Found by fuzzing: a header read from "\r\nsep=;" wrote back as the directive line "sep=;".
  const auto text = csv_document({"sep=", ""}, {{"1", "2"}}, {';', false});
  CHECK(text == "\"sep=\";\r\n1;2\r\n");
  auto parsed = parse_csv(text);
  REQUIRE(parsed.ok());
  CHECK(parsed->header == Fields{"sep=", ""});
  CHECK(parsed->rows[0].fields == Fields{"1", "2"});
}
