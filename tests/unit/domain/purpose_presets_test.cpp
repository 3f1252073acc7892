#include "domain/purpose_presets.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace registre::domain;

TEST_CASE("the five presets an association needs, valid, in French and English") {
  std::set<std::string> keys;
  for (const auto& p : purpose_presets()) {
    INFO(p.key);
    keys.insert(p.key);
    for (const char* language : {"fr", "en"}) {
      Purpose purpose = purpose_from_preset(p, language);
      CHECK(validate_purpose(purpose).empty());
      CHECK(purpose.key == p.key);
    }
    CHECK(validate_texts(p.text_fr, p.text_en).empty());
    CHECK(p.fr.title != p.en.title);  // really translated (not one language twice)
    CHECK(p.text_fr != p.text_en);
    CHECK(purpose_from_preset(p, "en").title == p.en.title);
    CHECK(purpose_from_preset(p, "fr").title == p.fr.title);
  }
  CHECK(keys == std::set<std::string>{"newsletter", "image_rights", "directory",
                                      "federation_transfer", "fundraising"});
  CHECK(find_purpose_preset("image_rights")->fr.title == "Droit à l'image");
  CHECK_FALSE(find_purpose_preset("marketing").has_value());
  // Fundraising appeals to members are opt-out (objection), not consent.
  CHECK(find_purpose_preset("fundraising")->legal_basis == "legitimate_interest");
  CHECK(find_purpose_preset("newsletter")->legal_basis == "consent");
}
