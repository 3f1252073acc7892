#include "http/cursor.hpp"

#include <nlohmann/json.hpp>

#include "crypto/sodium.hpp"

namespace registre::http {

std::string encode_cursor(const store::MemberCursor& cursor) {
  std::string token = crypto::base64_encode(nlohmann::json{{"k", cursor.keys}, {"i", cursor.id}}.dump());
  for (char& ch : token) {
    if (ch == '+') ch = '-';
    if (ch == '/') ch = '_';
  }
  while (!token.empty() && token.back() == '=') token.pop_back();
  return token;
}

std::optional<store::MemberCursor> decode_cursor(const std::string& token) {
  if (token.size() > 4096) return std::nullopt;
  std::string b64 = token;
  for (char& ch : b64) {
    if (ch == '-') ch = '+';
    else if (ch == '_') ch = '/';
  }
  while (b64.size() % 4 != 0) b64.push_back('=');
  auto raw = crypto::base64_decode(b64);
  if (!raw) return std::nullopt;
  auto json = nlohmann::json::parse(*raw, nullptr, false);
  if (!json.is_object() || !json.contains("k") || !json["k"].is_array() || !json.contains("i") ||
      !json["i"].is_number_integer()) {
    return std::nullopt;
  }
  store::MemberCursor cursor;
  for (const auto& key : json["k"]) {
    if (!key.is_string()) return std::nullopt;
    cursor.keys.push_back(key.get<std::string>());
  }
  cursor.id = json["i"].get<std::int64_t>();
  return cursor;
}

}  // namespace registre::http
