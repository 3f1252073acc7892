#pragma once
// The retention rules offered to every organisation, each with the source of its figure
// (docs/gdpr.md, "Retention defaults"). An administrator adopts, edits or refuses each one;
// none applies until adopted. Pure data.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/retention_rule.hpp"

namespace registre::domain {

struct RetentionPreset {
  std::string key;
  RetentionSubject subject;
  RetentionTrigger trigger;
  Delay delay;
  RetentionAction action;
  std::string description_fr, description_en;  // the sentence for the Art. 30 register
  std::string source;  // the text the figure comes from, as cited in docs/gdpr.md

  const std::string& description(std::string_view language) const {
    return language == "en" ? description_en : description_fr;
  }
};

const std::vector<RetentionPreset>& retention_presets();
std::optional<RetentionPreset> find_retention_preset(std::string_view key);

// The rule a preset describes, in `language`, enabled; not yet stored.
RetentionRule rule_from_preset(const RetentionPreset& preset, std::string_view language);

}  // namespace registre::domain
