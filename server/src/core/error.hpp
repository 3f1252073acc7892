#pragma once
// Errors travel as values between layers and become problem+json only at the HTTP edge.

#include <string>
#include <vector>

namespace registre {

enum class ErrorKind {
  invalid,                // the request is malformed or fails validation (400 / 422)
  unauthenticated,        // no valid AppAPI credential (401)
  forbidden,              // authenticated, but the policy says no (403)
  not_found,              // (404)
  conflict,               // state conflict, e.g. a duplicate (409)
  precondition_failed,    // If-Match does not match the current version (412)
  precondition_required,  // If-Match missing where it is required (428)
  payload_too_large,      // (413)
  rate_limited,           // too many attempts from this client or in total (429 + Retry-After)
  unavailable,            // the service is not ready or not healthy, or storage failed (503)
  insufficient_storage,   // the database could not grow: the disk is full (507)
  upstream,               // Nextcloud answered with an error or could not be reached (502)
  internal,               // a bug or an environment failure (500)
};

// One invalid input field, as shown in problem+json `errors[]`.
struct FieldError {
  std::string field;    // JSON pointer-like name, e.g. "email" or "members/3/email"
  std::string message;  // message id in the i18n catalogue (core/i18n.cpp) or plain text
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string title;   // message id of a short human summary (translated at the edge)
  std::string detail;  // free text for the operator; never personal data
  std::vector<FieldError> fields;
};

inline Error make_error(ErrorKind kind, std::string title, std::string detail = {}) {
  return Error{kind, std::move(title), std::move(detail), {}};
}

// A validation failure naming its fields (problem+json `errors[]`, HTTP 422).
inline Error invalid_fields(std::vector<FieldError> fields) {
  Error e = make_error(ErrorKind::invalid, "invalid");
  e.fields = std::move(fields);
  return e;
}

// Storage or a file the service needs could not be used (HTTP 503); `detail` says which and why.
inline Error unavailable_error(std::string detail) {
  return make_error(ErrorKind::unavailable, "unavailable", std::move(detail));
}

const char* to_string(ErrorKind kind);

}  // namespace registre
