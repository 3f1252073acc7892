#pragma once
// Purposes most associations need, ready to adopt: titles, descriptions and consent texts in
// French and English. Pure data.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/purpose.hpp"

namespace registre::domain {

struct PurposePreset {
  std::string key;
  std::string legal_basis;
  struct Texts {
    std::string title, description, retention;
    std::vector<std::string> data_categories, recipients;
  };
  Texts fr, en;
  std::string text_fr, text_en;  // the text members agree to: version 1 when adopted

  const Texts& in(std::string_view language) const { return language == "en" ? en : fr; }
};

// newsletter, image_rights, directory, federation_transfer, fundraising.
const std::vector<PurposePreset>& purpose_presets();

std::optional<PurposePreset> find_purpose_preset(std::string_view key);

// The purpose a preset describes, in `language` ("fr" or "en"); not yet stored.
Purpose purpose_from_preset(const PurposePreset& preset, std::string_view language);

}  // namespace registre::domain
