#include "core/i18n.hpp"

#include <doctest/doctest.h>

using namespace registre::i18n;

TEST_CASE("the first supported language of Accept-Language wins") {
  CHECK(pick_language("fr-FR,fr;q=0.9,en;q=0.8", "en") == "fr");
  CHECK(pick_language("de-DE,en-GB;q=0.8", "fr") == "en");
  CHECK(pick_language("en", "fr") == "en");
  CHECK(pick_language("FR", "en") == "fr");
  CHECK(pick_language("", "fr") == "fr");
  CHECK(pick_language("de,it", "fr") == "fr");
  CHECK(pick_language("english", "fr") == "fr");  // not a language tag "en"
}

TEST_CASE("texts exist in both languages and unknown ids pass through") {
  CHECK(translate("fr", "not-found") == "Rien n'a été trouvé à cette adresse.");
  CHECK(translate("en", "not-found") == "Nothing was found at this address.");
  CHECK(translate("fr", "plain text") == "plain text");
}

TEST_CASE("a message with an argument is translated with the argument in place") {
  const std::string message = with_argument("import-no-such-column", "Licence");
  CHECK(translate("en", message) == "the file has no column \"Licence\"");
  CHECK(translate("fr", message) == "le fichier n'a pas de colonne « Licence »");
  // An argument holding '|' stays whole; plain text with a '|' passes through.
  CHECK(translate("en", with_argument("import-no-such-column", "a|b")) == "the file has no column \"a|b\"");
  CHECK(translate("fr", "cheque|cash") == "cheque|cash");
}

TEST_CASE("field messages written as plain English come back in French") {
  CHECK(registre::i18n::translate("fr", "not a valid e-mail address") ==
        "n'est pas une adresse électronique valide");
  CHECK(registre::i18n::translate("en", "not a valid e-mail address") == "not a valid e-mail address");
  CHECK(registre::i18n::translate("fr", "cannot be before the admission date") ==
        "ne peut pas précéder la date d'admission");
}
