#pragma once
// Reading JSON request bodies: size limit, syntax, and typed fields with every error collected
// (named by field) and unknown fields refused, so a client learns all that is wrong at once and a
// typo never silently drops a value.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace registre::http {

// The body as a JSON object. 413 above `max_bytes`; 400 for bad syntax or invalid UTF-8.
Result<nlohmann::json> parse_json_object(const httplib::Request& req, std::size_t max_bytes);

class FieldReader {
 public:
  FieldReader(const nlohmann::json& object, std::initializer_list<std::string_view> known);

  bool present(const char* name) const { return object_.contains(name); }
  bool is_null(const char* name) const { return present(name) && object_[name].is_null(); }

  // A string field; `required` reports a missing one. Null is accepted only where `nullable`.
  std::optional<std::string> string(const char* name, bool required = false, bool nullable = false);
  std::optional<std::int64_t> integer(const char* name, std::int64_t min, std::int64_t max,
                                      bool required = false, bool nullable = false);
  std::optional<bool> boolean(const char* name, bool required = false);

  // Names of present fields whose value is null (to clear them).
  std::vector<std::string> nulls() const;

  // Adds an error the caller found itself (a field of a shape the reader does not know), so that
  // finish() reports it with all the others.
  void reject(const char* name, std::string message) { fail(name, std::move(message)); }

  // ok, or `invalid` with every field error (unknown fields included).
  Status finish();

 private:
  void fail(const char* name, std::string message) { errors_.push_back({name, std::move(message)}); }
  const nlohmann::json& object_;
  std::vector<FieldError> errors_;
};

// If-Match: "<version>" (quotes and W/ tolerated). 428 when missing, 422 (naming If-Match) when
// it is not an ETag this API gave ("*" included: an update must name the version it read).
Result<std::int64_t> required_if_match(const httplib::Request& req);

}  // namespace registre::http
