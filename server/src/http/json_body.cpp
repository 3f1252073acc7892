#include "http/json_body.hpp"

#include <algorithm>
#include <charconv>

namespace registre::http {

Result<nlohmann::json> parse_json_object(const httplib::Request& req, std::size_t max_bytes) {
  if (req.body.size() > max_bytes) {
    return make_error(ErrorKind::payload_too_large, "payload-too-large",
                      "JSON bodies are limited to " + std::to_string(max_bytes) + " bytes");
  }
  // nlohmann's parser rejects invalid UTF-8 inside strings, so stored text is always valid.
  auto json = nlohmann::json::parse(req.body, nullptr, false);
  if (json.is_discarded()) {
    return make_error(ErrorKind::invalid, "invalid-json", "the body is not valid JSON (UTF-8)");
  }
  if (!json.is_object()) return make_error(ErrorKind::invalid, "invalid-json", "the body must be a JSON object");
  return json;
}

FieldReader::FieldReader(const nlohmann::json& object, std::initializer_list<std::string_view> known)
    : object_(object) {
  for (const auto& [key, value] : object_.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      errors_.push_back({key, "unknown field"});
    }
  }
}

std::optional<std::string> FieldReader::string(const char* name, bool required, bool nullable) {
  if (!present(name)) {
    if (required) fail(name, "required");
    return std::nullopt;
  }
  const auto& v = object_[name];
  if (v.is_null()) {
    if (!nullable) fail(name, required ? "required" : "must not be null");
    return std::nullopt;
  }
  if (!v.is_string()) {
    fail(name, "must be a string");
    return std::nullopt;
  }
  return v.get<std::string>();
}

std::optional<std::int64_t> FieldReader::integer(const char* name, std::int64_t min, std::int64_t max,
                                                 bool required, bool nullable) {
  if (!present(name)) {
    if (required) fail(name, "required");
    return std::nullopt;
  }
  const auto& v = object_[name];
  if (v.is_null()) {
    if (!nullable) fail(name, "must not be null");
    return std::nullopt;
  }
  if (!v.is_number_integer()) {
    fail(name, "must be a whole number");
    return std::nullopt;
  }
  const auto value = v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(max)
                         ? max + 1
                         : v.get<std::int64_t>();
  if (value < min || value > max) {
    fail(name, "must be from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> FieldReader::boolean(const char* name, bool required) {
  if (!present(name)) {
    if (required) fail(name, "required");
    return std::nullopt;
  }
  if (!object_[name].is_boolean()) {
    fail(name, "must be true or false");
    return std::nullopt;
  }
  return object_[name].get<bool>();
}

std::vector<std::string> FieldReader::nulls() const {
  std::vector<std::string> out;
  for (const auto& [key, value] : object_.items()) {
    if (value.is_null()) out.push_back(key);
  }
  return out;
}

Status FieldReader::finish() {
  if (errors_.empty()) return ok_status();
  return invalid_fields(std::move(errors_));
}

Result<std::int64_t> required_if_match(const httplib::Request& req) {
  if (!req.has_header("If-Match")) {
    return make_error(ErrorKind::precondition_required, "precondition-required",
                      "send the ETag you read in If-Match, so that no one's change is lost");
  }
  std::string value = req.get_header_value("If-Match");
  if (value.rfind("W/", 0) == 0) value.erase(0, 2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  std::int64_t version = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), version);
  if (ec != std::errc() || ptr != value.data() + value.size() || version < 1) {
    Error e = make_error(ErrorKind::invalid, "invalid", "If-Match must be an ETag this API gave");
    e.fields.push_back({"If-Match", "not an ETag of this API"});
    return e;
  }
  return version;
}

}  // namespace registre::http
