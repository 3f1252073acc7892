#include "domain/search_text.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace registre::domain;

TEST_CASE("folding removes case and French diacritics") {
  CHECK(fold_for_search("Hélène") == "helene");
  CHECK(fold_for_search("HÉLÈNE") == "helene");
  CHECK(fold_for_search("éèêë ÉÈÊË") == "eeee eeee");
  CHECK(fold_for_search("àâä ÀÂÄ") == "aaa aaa");
  CHECK(fold_for_search("ç Ç") == "c c");
  CHECK(fold_for_search("ñ Ñ") == "n n");
  CHECK(fold_for_search("ôö ÔÖ") == "oo oo");
  CHECK(fold_for_search("ûüù ÛÜÙ") == "uuu uuu");
  CHECK(fold_for_search("îï ÎÏ") == "ii ii");
  CHECK(fold_for_search("ÿ Ÿ") == "y y");
  CHECK(fold_for_search("François Lefèvre") == "francois lefevre");
  CHECK(fold_for_search("Noël Müller") == "noel muller");
}

TEST_CASE("ligatures are expanded") {
  CHECK(fold_for_search("Œuf") == "oeuf");
  CHECK(fold_for_search("œuvre") == "oeuvre");
  CHECK(fold_for_search("Lætitia") == "laetitia");
  CHECK(fold_for_search("ÆSCHYLE") == "aeschyle");
  CHECK(fold_for_search("Straße") == "strasse");
  CHECK(fold_for_search("Þór") == "thor");
  CHECK(fold_for_search("Ĳssel") == "ijssel");
}

TEST_CASE("apostrophes, hyphens and dashes separate words") {
  CHECK(fold_for_search("JEAN-PIERRE") == "jean pierre");
  CHECK(fold_for_search("L’Haÿ-les-Roses") == "l hay les roses");
  CHECK(fold_for_search("L'Haÿ-les-Roses") == "l hay les roses");
  CHECK(fold_for_search("Lʼîle") == "l ile");
  CHECK(fold_for_search("d‘Artagnan") == "d artagnan");
  CHECK(fold_for_search("Marie–Claire") == "marie claire");    // en dash
  CHECK(fold_for_search("Marie—Claire") == "marie claire");    // em dash
  CHECK(fold_for_search("Marie‐Claire") == "marie claire");    // U+2010 hyphen
  CHECK(fold_for_search("Marie − Claire") == "marie claire");  // minus sign
  CHECK(fold_for_search("O'Brien--Smith") == "o brien smith");
}

TEST_CASE("e-mail punctuation is kept, other punctuation separates") {
  CHECK(fold_for_search("Jean.Dupont+asso@Exemple.FR") == "jean.dupont+asso@exemple.fr");
  CHECK(fold_for_search("jean_dupont@exemple.fr") == "jean_dupont@exemple.fr");
  CHECK(fold_for_search("jean-pierre.dupont@exemple.fr") == "jean pierre.dupont@exemple.fr");
  CHECK(fold_for_search("Dupont, Jean (trésorier)") == "dupont jean tresorier");
  CHECK(fold_for_search("« Les Amis » !") == "les amis");
  CHECK(fold_for_search("“Quoted” text…") == "quoted text");
  CHECK(fold_for_search("a/b\\c;d:e") == "a b c d e");
  CHECK(fold_for_search("N° 42") == "n 42");
}

TEST_CASE("whitespace collapses and is trimmed") {
  CHECK(fold_for_search("") == "");
  CHECK(fold_for_search("   ") == "");
  CHECK(fold_for_search("\t\n\r ") == "");
  CHECK(fold_for_search(" - ' ’ ") == "");
  CHECK(fold_for_search("  Jean   Dupont  ") == "jean dupont");
  CHECK(fold_for_search("Jean\tDupont\n") == "jean dupont");
  CHECK(fold_for_search("Jean\xC2\xA0"
                        "Dupont") == "jean dupont");  // NBSP
  CHECK(fold_for_search("12\xE2\x80\xAF"
                        "500") == "12 500");  // narrow NBSP
  CHECK(fold_for_search("Jean\xE3\x80\x80"
                        "Dupont") == "jean dupont");  // ideographic space
}

TEST_CASE("invisible characters are dropped without splitting the word") {
  CHECK(fold_for_search("Jean\xC2\xAD"
                        "nette") == "jeannette");  // soft hyphen
  CHECK(fold_for_search("Jean\xE2\x80\x8B"
                        "nette") == "jeannette");  // zero-width space
  CHECK(fold_for_search("\xEF\xBB\xBF"
                        "Dupont") == "dupont");  // BOM
  CHECK(fold_for_search("\xE2\x80\x8F"
                        "Dupont\xE2\x80\x8E") == "dupont");  // RLM, LRM
}

TEST_CASE("decomposed accents fold like precomposed ones") {
  CHECK(fold_for_search("He\xCC\x81le\xCC\x80ne") == "helene");
  CHECK(fold_for_search("C\xCC\xA7"
                        "a") == "ca");
  CHECK(fold_for_search("He\xCC\x81le\xCC\x80ne") == fold_for_search("Hélène"));
}

TEST_CASE("every letter of Latin-1 Supplement and Latin Extended-A folds to ASCII letters") {
  // U+00C0..U+017F, except × and ÷ (symbols).
  for (char32_t cp = 0xC0; cp <= 0x17F; ++cp) {
    if (cp == 0xD7 || cp == 0xF7) continue;
    std::string utf8;
    utf8 += static_cast<char>(0xC0 | (cp >> 6));
    utf8 += static_cast<char>(0x80 | (cp & 0x3F));
    const std::string folded = fold_for_search(utf8);
    CAPTURE(static_cast<unsigned>(cp));
    REQUIRE(!folded.empty());
    CHECK(folded.size() <= 2);
    for (char c : folded)
      CHECK((c >= 'a' && c <= 'z'));
  }
  CHECK(fold_for_search("×÷") == "");
  CHECK(fold_for_search("ĀăĄćĉċČĎđĒĕėęĚ") == "aaaccccddeeeee");
  CHECK(fold_for_search("ĜğġĢĤħĨīĭįİıĴķĸ") == "gggghhiiiiiijkk");
  CHECK(fold_for_search("ĹļĽŀŁŃņňŉŊŌŏŐ") == "lllllnnnnnooo");
  CHECK(fold_for_search("ŔŗřŚŝşšŢťŧ") == "rrrssssttt");
  CHECK(fold_for_search("ŨūŭůűųŴŷŸźżžſ") == "uuuuuuwyyzzzs");
  CHECK(fold_for_search("Wałęsa") == "walesa");
  CHECK(fold_for_search("Dvořák") == "dvorak");
  CHECK(fold_for_search("Øystein Ångström") == "oystein angstrom");
}

TEST_CASE("Latin-1 ordinal indicators and superscripts fold to their letters and digits") {
  CHECK(fold_for_search("Nº 3") == "no 3");
  CHECK(fold_for_search("1ª") == "1a");
  CHECK(fold_for_search("m² ³ ¹") == "m2 3 1");
}

TEST_CASE("characters outside the folded ranges are kept as is") {
  CHECK(fold_for_search("東京") == "東京");
  CHECK(fold_for_search("Fête 🎉") == "fete 🎉");
  CHECK(fold_for_search("Ωμέγα") == "Ωμέγα");  // Greek is not lower-cased
  CHECK(fold_for_search("Пётр") == "Пётр");
  CHECK(fold_for_search("µ") == "µ");
  CHECK(fold_for_search("Ǆ") == "Ǆ");  // Latin Extended-B: outside the folded ranges
}

TEST_CASE("invalid UTF-8 bytes are dropped") {
  CHECK(fold_for_search("H\xFF"
                        "el\xC3"
                        "ene") == "helene");     // stray byte, truncated é
  CHECK(fold_for_search("abc\xC3") == "abc");    // truncated at the end
  CHECK(fold_for_search("\x80\x80\x80") == "");  // lone continuation bytes
  CHECK(fold_for_search("a\xC0\xAF"
                        "b") == "ab");  // overlong '/'
  CHECK(fold_for_search("a\xE0\x80\xAF"
                        "b") == "ab");  // overlong, 3 bytes
  CHECK(fold_for_search("a\xED\xA0\x80"
                        "b") == "ab");  // surrogate U+D800
  CHECK(fold_for_search("a\xF4\x90\x80\x80"
                        "b") == "ab");  // above U+10FFFF
  CHECK(fold_for_search("a\xF8\x88\x80\x80\x80"
                        "b") == "ab");                      // 5-byte form
  CHECK(fold_for_search("\xE2\x80") == "");                 // truncated 3-byte
  CHECK(fold_for_search(std::string("a\0b", 3)) == "a b");  // NUL is a control: separator
}

TEST_CASE("folding a long text stays linear and never grows it") {
  std::string name;
  for (int i = 0; i < 20000; ++i)
    name += "Œuvre-Hélène ";
  const std::string folded = fold_for_search(name);
  CHECK(folded.size() <= name.size());
  CHECK(folded.substr(0, 25) == "oeuvre helene oeuvre hele");
  CHECK(folded.back() == 'e');
}

TEST_CASE("folding is idempotent and never longer than its input") {
  const std::vector<std::string> inputs = {
      "",
      "  ",
      "Hélène Dupont",
      "JEAN-PIERRE",
      "L’Haÿ-les-Roses",
      "Œuf ÆSCHYLE Straße Þór Ĳ",
      "jean.dupont+asso@Exemple.FR",
      "« Les Amis » du 12ᵉ",
      "東京 🎉 Ωμέγα µ",
      "He\xCC\x81le\xCC\x80ne",
      "a\xC3\xFF\x80"
      "b",
      "N° 42 – 1ª Nº ²",
      "Jean\xC2\xAD"
      "nette\xE2\x80\x8B",
      "\xC2\xA0\xE2\x80\xAF tab\there",
      std::string("nul\0byte", 8),
  };
  for (const auto& input : inputs) {
    CAPTURE(input);
    const std::string once = fold_for_search(input);
    CHECK(fold_for_search(once) == once);
    CHECK(once.size() <= input.size());
    CHECK(once.find("  ") == std::string::npos);
    if (!once.empty()) {
      CHECK(once.front() != ' ');
      CHECK(once.back() != ' ');
    }
  }
}

TEST_CASE("every two-byte code point folds idempotently") {
  for (char32_t cp = 0x80; cp <= 0x7FF; ++cp) {
    std::string utf8 = "x";
    utf8 += static_cast<char>(0xC0 | (cp >> 6));
    utf8 += static_cast<char>(0x80 | (cp & 0x3F));
    utf8 += "Y";
    const std::string once = fold_for_search(utf8);
    CAPTURE(static_cast<unsigned>(cp));
    CHECK(fold_for_search(once) == once);
  }
}

TEST_CASE("a query matches words by prefix, in any order") {
  const std::string text = fold_for_search("Hélène Dupont");
  CHECK(matches_search(text, fold_for_search("helene")));
  CHECK(matches_search(text, fold_for_search("HÉLÈNE")));
  CHECK(matches_search(text, fold_for_search("hel dup")));
  CHECK(matches_search(text, fold_for_search("dup hel")));
  CHECK(matches_search(text, fold_for_search("Dupont")));
  CHECK_FALSE(matches_search(text, fold_for_search("lene")));  // not a word prefix
  CHECK_FALSE(matches_search(text, fold_for_search("pont")));
  CHECK_FALSE(matches_search(text, fold_for_search("hel martin")));  // every term must match
  CHECK_FALSE(matches_search(text, fold_for_search("helenes")));
  CHECK(matches_search(fold_for_search("Œuf"), fold_for_search("oeuf")));
  CHECK(matches_search(fold_for_search("L’Haÿ-les-Roses"), fold_for_search("hay roses")));
  CHECK(matches_search(fold_for_search("Jean-Pierre Martin"), fold_for_search("jean-pierre")));
  CHECK(matches_search(fold_for_search("Jean-Pierre Martin"), fold_for_search("pierre")));
}

TEST_CASE("terms with '@' or digits match anywhere") {
  const std::string text = fold_for_search("Dupont Hélène helene.dupont@exemple.fr A-000123");
  CHECK(matches_search(text, fold_for_search("@exemple")));
  CHECK(matches_search(text, fold_for_search("dupont@")));
  CHECK(matches_search(text, fold_for_search("HELENE.DUPONT@EXEMPLE.FR")));
  CHECK(matches_search(text, fold_for_search("0123")));
  CHECK(matches_search(text, fold_for_search("123 dup")));
  CHECK_FALSE(matches_search(text, fold_for_search("exemple")));  // no '@': word prefix only
  CHECK_FALSE(matches_search(text, fold_for_search("@autre")));
  CHECK_FALSE(matches_search(text, fold_for_search("999")));
}

TEST_CASE("empty queries match everything; an empty text matches only them") {
  CHECK(matches_search("helene dupont", ""));
  CHECK(matches_search("", ""));
  CHECK(matches_search("helene", fold_for_search("  - ' ")));
  CHECK_FALSE(matches_search("", "a"));
  CHECK_FALSE(matches_search("", "1"));
}

TEST_CASE("stray spaces in an unfolded query are tolerated") {
  CHECK(matches_search("helene dupont", " hel  dup "));
}

TEST_CASE("a repeated term needs only one word") {
  CHECK(matches_search("anne marie", "an an"));
  CHECK(matches_search("ab abc", "abc"));  // the first occurrence is not a match, a later one is
  CHECK(matches_search("xabc abc", "abc"));
}
