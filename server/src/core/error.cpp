#include "core/error.hpp"

namespace registre {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid: return "invalid";
    case ErrorKind::unauthenticated: return "unauthenticated";
    case ErrorKind::forbidden: return "forbidden";
    case ErrorKind::not_found: return "not-found";
    case ErrorKind::conflict: return "conflict";
    case ErrorKind::precondition_failed: return "precondition-failed";
    case ErrorKind::precondition_required: return "precondition-required";
    case ErrorKind::payload_too_large: return "payload-too-large";
    case ErrorKind::unavailable: return "unavailable";
    case ErrorKind::insufficient_storage: return "insufficient-storage";
    case ErrorKind::upstream: return "upstream";
    case ErrorKind::rate_limited: return "rate-limited";
    case ErrorKind::internal: return "internal";
  }
  return "internal";
}

}  // namespace registre
