#include "domain/contact_fields.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace registre::domain;

// ---- e-mail ----

TEST_CASE("e-mails are trimmed and their domain lower-cased") {
  CHECK(normalize_email("jean.dupont@exemple.fr") == "jean.dupont@exemple.fr");
  CHECK(normalize_email("  Jean.Dupont@Exemple.FR \n") == "Jean.Dupont@exemple.fr");
  CHECK(normalize_email("\tmarie+asso@Mail.Example.ORG") == "marie+asso@mail.example.org");
  CHECK(normalize_email("a@b.co") == "a@b.co");
  CHECK(normalize_email("x_y-z@sub-domain.exemple.fr") == "x_y-z@sub-domain.exemple.fr");
  CHECK(normalize_email("o'brien@exemple.ie") == "o'brien@exemple.ie");
  CHECK(normalize_email("!#$%&'*+/=?^_`{|}~-@exemple.fr") == "!#$%&'*+/=?^_`{|}~-@exemple.fr");
  CHECK(normalize_email("user@123.exemple.fr") == "user@123.exemple.fr");
  CHECK(normalize_email("user@exemple.xn--p1ai") == "user@exemple.xn--p1ai");
}

TEST_CASE("internationalised domains already in UTF-8 are accepted") {
  CHECK(normalize_email("contact@café.fr") == "contact@café.fr");
  CHECK(normalize_email("contact@CAFÉ.FR") == "contact@cafÉ.fr");  // only ASCII is lower-cased
  CHECK(normalize_email("info@пример.рф") == "info@пример.рф");
  CHECK(normalize_email("info@例え.jp") == "info@例え.jp");
}

TEST_CASE("malformed e-mails are refused") {
  const std::vector<std::string> invalid = {
      "",
      "   ",
      "jean.dupont",
      "jean.dupont@",
      "@exemple.fr",
      "jean@dupont@exemple.fr",
      "jean dupont@exemple.fr",
      ".jean@exemple.fr",
      "jean.@exemple.fr",
      "jean..dupont@exemple.fr",
      "jean@exemple",
      "jean@exemple.",
      "jean@.exemple.fr",
      "jean@exemple..fr",
      "jean@-exemple.fr",
      "jean@exemple-.fr",
      "jean@exemple.f",
      "jean@exemple.123",
      "jean@exemple.f1",
      "jean@exem_ple.fr",
      "jean@exemple.fr>",
      "<jean@exemple.fr>",
      "Jean <jean@exemple.fr>",
      "\"jean\"@exemple.fr",  // quoted local parts are not supported
      "jéan@exemple.fr",      // no SMTPUTF8 local parts
      "jean(x)@exemple.fr",
      "jean@exemple.fr,marie@exemple.fr",
      "jean@exem\xC2\xA0ple.fr",  // NBSP inside the domain
      "jean@exemple\xE3\x80\x82"
      "fr",                   // ideographic full stop
      "jean@exem\xFFple.fr",  // invalid UTF-8
      "jean@caf\xC3.fr",      // truncated UTF-8
      "jean\xEF\xBC\xA0"
      "exemple.fr",  // full-width at sign
  };
  for (const auto& email : invalid) {
    CAPTURE(email);
    CHECK_FALSE(normalize_email(email).has_value());
  }
  CHECK_FALSE(normalize_email(std::string("jean\0@exemple.fr", 17)).has_value());
  CHECK_FALSE(normalize_email(std::string("jean@exemple.fr\0", 16)).has_value());
}

TEST_CASE("e-mail length limits") {
  const std::string local64(64, 'a');
  CHECK(normalize_email(local64 + "@exemple.fr").has_value());
  CHECK_FALSE(normalize_email(local64 + "a@exemple.fr").has_value());

  const std::string label63(63, 'b');
  CHECK(normalize_email("a@" + label63 + ".fr").has_value());
  CHECK_FALSE(normalize_email("a@" + label63 + "b.fr").has_value());

  // 254 bytes in all: "a@" + 3 labels of 63 + ".", then a final label to reach the limit.
  const std::string base = "a@" + label63 + "." + label63 + "." + label63 + ".";  // 194 bytes
  const std::string at_limit = base + std::string(57, 'c') + ".fr";               // 254 bytes
  REQUIRE(at_limit.size() == 254);
  CHECK(normalize_email(at_limit).has_value());
  CHECK_FALSE(normalize_email(base + std::string(58, 'c') + ".fr").has_value());
  CHECK_FALSE(normalize_email(std::string(100000, 'a') + "@exemple.fr").has_value());
}

// ---- postcode ----

TEST_CASE("French postcodes as people write them") {
  CHECK(normalize_french_postcode("75001") == "75001");
  CHECK(normalize_french_postcode("75 001") == "75001");
  CHECK(normalize_french_postcode(" 75001 ") == "75001");
  CHECK(normalize_french_postcode("7 5 0 0 1") == "75001");
  CHECK(normalize_french_postcode("75\xC2\xA0"
                                  "001") == "75001");  // NBSP
  CHECK(normalize_french_postcode("75\xE2\x80\xAF"
                                  "001") == "75001");    // narrow NBSP
  CHECK(normalize_french_postcode("20000") == "20000");  // Ajaccio
  CHECK(normalize_french_postcode("20200") == "20200");  // Bastia
  CHECK(normalize_french_postcode("97200") == "97200");  // Fort-de-France
  CHECK(normalize_french_postcode("01000") == "01000");  // Bourg-en-Bresse
}

TEST_CASE("things that are not French postcodes are refused") {
  const std::vector<std::string> invalid = {
      "",      "   ",   "7500",       "750011",    "ABCDE",  "2A",
      "2A004", "2B200", "75-001",     "75.001",    "75001a", "F-75001",
      "00000", "00100", "７５００１", "75001\xFF", "75 0 0",
  };
  for (const auto& postcode : invalid) {
    CAPTURE(postcode);
    CHECK_FALSE(normalize_french_postcode(postcode).has_value());
  }
  CHECK_FALSE(normalize_french_postcode(std::string(100000, '7')).has_value());
}

// ---- phone ----

TEST_CASE("French phone numbers in their usual forms") {
  const std::vector<std::string> forms = {
      "06 12 34 56 78",
      "06.12.34.56.78",
      "06-12-34-56-78",
      "0612345678",
      "+33 6 12 34 56 78",
      "+33 (0)6 12 34 56 78",
      "0033612345678",
      "+33612345678",
      "+33 06 12 34 56 78",
      "0033 (0)6 12 34 56 78",
      " 06 12 34 56 78 ",
      "06\xC2\xA0"
      "12\xC2\xA0"
      "34\xC2\xA0"
      "56\xC2\xA0"
      "78",
      "06\xE2\x80\xAF"
      "12 34 56 78",
      "(06) 12 34 56 78",
      "+ 33 6 12 34 56 78",
      "06 12  34 56 78",
      "+33.6.12.34.56.78",
      "+(33) 6 12 34 56 78",
  };
  for (const auto& form : forms) {
    CAPTURE(form);
    CHECK(normalize_phone(form) == "+33612345678");
  }
  CHECK(normalize_phone("01 23 45 67 89") == "+33123456789");
  CHECK(normalize_phone("09 70 00 00 00") == "+33970000000");
}

TEST_CASE("overseas numbers written nationally stay +33") {
  CHECK(normalize_phone("0696 12 34 56") == "+33696123456");  // Martinique mobile
  CHECK(normalize_phone("0596 12 34 56") == "+33596123456");  // Martinique landline
  CHECK(normalize_phone("0262 12 34 56") == "+33262123456");  // La Réunion
  // Written internationally, they keep their own country code.
  CHECK(normalize_phone("+596 696 12 34 56") == "+596696123456");
  CHECK(normalize_phone("00262 262 12 34 56") == "+262262123456");
}

TEST_CASE("other international numbers keep their digits") {
  CHECK(normalize_phone("+32 2 123 45 67") == "+3221234567");        // Belgium
  CHECK(normalize_phone("+44 (0)20 7946 0958") == "+442079460958");  // UK, trunk 0 dropped
  CHECK(normalize_phone("+1 (212) 555-0123") == "+12125550123");     // area code in brackets
  CHECK(normalize_phone("0041 44 668 18 00") == "+41446681800");     // Switzerland via 00
  CHECK(normalize_phone("+49 30 1234567") == "+49301234567");
  CHECK(normalize_phone("+1234567") == std::nullopt);                // 7 digits
  CHECK(normalize_phone("+12345678") == "+12345678");                // 8 digits
  CHECK(normalize_phone("+123456789012345") == "+123456789012345");  // 15 digits
  CHECK(normalize_phone("+1234567890123456") == std::nullopt);       // 16 digits
}

TEST_CASE("malformed phone numbers are refused") {
  const std::vector<std::string> invalid = {
      "",
      "   ",
      "+",
      "061234567",       // 9 digits
      "06123456789",     // 11 digits
      "6 12 34 56 78",   // no leading 0
      "00 1234567",      // "00" is an international prefix: 7 digits are too few
      "+33 12345678",    // +33 needs 9 digits
      "+33 1234567890",  // 10 digits not starting with 0
      "+33 0 0612345678",
      "+33 (0)0 12 34 56 78",
      "+0 612 345 678",  // no country code 0
      "000 33 6 12 34 56 78",
      "++33612345678",
      "06+12345678",
      "0+33612345678",
      "06 12 34 56 78 ext 12",
      "06/12/34/56/78",
      "06 12 34 56 7a",
      "tel: 0612345678",
      "(06 12 34 56 78",
      "06) 12 34 56 78",
      "(0)(6) 12 34 56 78",
      "((0)6) 12 34 56 78",
      "() 06 12 34 56 78",
      "(123456) 12 34",
      "+33 ( 0 )6 12 34 56 78",
      "06 12 34 56 78\xFF",
      "+33 6 12 34 56 78 90 12 34 56 78 90",
  };
  for (const auto& phone : invalid) {
    CAPTURE(phone);
    CHECK_FALSE(normalize_phone(phone).has_value());
  }
  CHECK_FALSE(normalize_phone(std::string(100000, '0')).has_value());
  CHECK_FALSE(normalize_phone("+" + std::string(100000, '1')).has_value());
}

TEST_CASE("normalising a normalised value changes nothing") {
  const std::vector<std::string> phones = {"06 12 34 56 78", "+44 (0)20 7946 0958", "0696 12 34 56",
                                           "+1 (212) 555-0123"};
  for (const auto& phone : phones) {
    CAPTURE(phone);
    const auto once = normalize_phone(phone);
    REQUIRE(once.has_value());
    CHECK(normalize_phone(*once) == once);
  }
  const std::vector<std::string> emails = {" A.B@Exemple.FR ", "x@café.fr", "q+r@a.b.co"};
  for (const auto& email : emails) {
    CAPTURE(email);
    const auto once = normalize_email(email);
    REQUIRE(once.has_value());
    CHECK(normalize_email(*once) == once);
  }
  const auto postcode = normalize_french_postcode(" 13 008 ");
  REQUIRE(postcode.has_value());
  CHECK(normalize_french_postcode(*postcode) == postcode);
}

// ---- UTF-8 ----

TEST_CASE("well-formed UTF-8 is recognised") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("Hélène"));
  CHECK(is_valid_utf8("東京 🎉"));
  CHECK(is_valid_utf8(std::string("a\0b", 3)));  // NUL is a valid code point
  CHECK(is_valid_utf8("\x7F"));
  CHECK(is_valid_utf8("\xC2\x80"));          // U+0080, smallest 2-byte
  CHECK(is_valid_utf8("\xDF\xBF"));          // U+07FF
  CHECK(is_valid_utf8("\xE0\xA0\x80"));      // U+0800, smallest 3-byte
  CHECK(is_valid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  CHECK(is_valid_utf8("\xEE\x80\x80"));      // U+E000, just above them
  CHECK(is_valid_utf8("\xEF\xBF\xBF"));      // U+FFFF
  CHECK(is_valid_utf8("\xF0\x90\x80\x80"));  // U+10000, smallest 4-byte
  CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST_CASE("malformed UTF-8 is refused") {
  const std::vector<std::string> invalid = {
      "\x80",  // lone continuation byte
      "\xBF",
      "\xC3",  // truncated 2-byte
      "a\xC3",
      "\xC3\x28",              // bad continuation
      "\xC0\xAF",              // overlong '/'
      "\xC1\xBF",              // overlong
      "\xE0\x80\xAF",          // overlong 3-byte
      "\xE0\x9F\xBF",          // overlong U+07FF
      "\xED\xA0\x80",          // U+D800 surrogate
      "\xED\xBF\xBF",          // U+DFFF surrogate
      "\xE2\x82",              // truncated 3-byte
      "\xF0\x80\x80\xAF",      // overlong 4-byte
      "\xF0\x8F\xBF\xBF",      // overlong U+FFFF
      "\xF4\x90\x80\x80",      // U+110000
      "\xF5\x80\x80\x80",      // beyond U+10FFFF
      "\xF0\x9F\x8E",          // truncated emoji
      "\xF8\x88\x80\x80\x80",  // 5-byte form
      "\xFC\x84\x80\x80\x80\x80",
      "\xFE",
      "\xFF",
      "caf\xE9",  // Latin-1, not UTF-8
  };
  for (const auto& bytes : invalid) {
    CAPTURE(bytes);
    CHECK_FALSE(is_valid_utf8(bytes));
  }
}

TEST_CASE("length counts code points, not bytes") {
  CHECK(utf8_length("") == 0);
  CHECK(utf8_length("abc") == 3);
  CHECK(utf8_length("Hélène") == 6);
  CHECK(utf8_length("Œuf") == 3);
  CHECK(utf8_length("東京") == 2);
  CHECK(utf8_length("🎉") == 1);
  CHECK(utf8_length("He\xCC\x81") == 3);  // decomposed: the combining mark counts
  std::string long_text;
  for (int i = 0; i < 10000; ++i)
    long_text += "é🎉a";
  REQUIRE(is_valid_utf8(long_text));
  CHECK(utf8_length(long_text) == 30000);
}
