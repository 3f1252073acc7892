#pragma once
// A member list page written straight into the response text. Lists are the API's hottest
// answer: building a 23-key nlohmann::json object per member and dumping it cost more than the
// database work (docs/performance.md). The text is byte for byte what
// `to_json(member).dump()` gives (keys in the same order, the same escapes), which a unit test
// checks, so the two stay interchangeable.

#include <optional>
#include <string>

#include "domain/member.hpp"

namespace registre::http {

// Appends `m` as a JSON object.
void append_member_json(std::string& out, const domain::Member& m);

// Appends `text` as a JSON string, escaped as nlohmann::json::dump does (invalid UTF-8 replaced
// by U+FFFD, as the API's error handler does).
void append_json_string(std::string& out, const std::string& text);

}  // namespace registre::http
