#include "http/problem.hpp"

#include "core/i18n.hpp"

namespace registre::http {

int http_status_for(const Error& error) {
  switch (error.kind) {
    case ErrorKind::invalid: return error.fields.empty() ? 400 : 422;
    case ErrorKind::unauthenticated: return 401;
    case ErrorKind::forbidden: return 403;
    case ErrorKind::not_found: return 404;
    case ErrorKind::conflict: return 409;
    case ErrorKind::precondition_failed: return 412;
    case ErrorKind::precondition_required: return 428;
    case ErrorKind::payload_too_large: return 413;
    case ErrorKind::rate_limited: return 429;
    case ErrorKind::unavailable: return 503;
    case ErrorKind::insufficient_storage: return 507;
    case ErrorKind::upstream: return 502;
    case ErrorKind::internal: return 500;
  }
  return 500;
}

nlohmann::json problem_body(const Error& error, int status, const std::string& language) {
  const std::string title_id = error.title.empty() ? to_string(error.kind) : error.title;
  nlohmann::json body = {
      {"type", std::string("urn:registre:problem:") + to_string(error.kind)},
      {"title", i18n::translate(language, title_id)},
      {"status", status},
  };
  // A detail is operator text, or a message id (the storage failures) translated like a title.
  if (!error.detail.empty()) body["detail"] = i18n::translate(language, error.detail);
  if (!error.fields.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& f : error.fields) {
      list.push_back({{"field", f.field}, {"message", i18n::translate(language, f.message)}});
    }
    body["errors"] = std::move(list);
  }
  return body;
}

void write_problem(httplib::Response& res, const Error& error, const std::string& language) {
  const int status = http_status_for(error);
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(problem_body(error, status, language)
                      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/problem+json");
}

void write_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

Error error_for_status(int status) {
  switch (status) {
    case 400: return make_error(ErrorKind::invalid, "invalid", "the request could not be parsed");
    case 401: return make_error(ErrorKind::unauthenticated, "unauthenticated");
    case 403: return make_error(ErrorKind::forbidden, "forbidden");
    case 404: return make_error(ErrorKind::not_found, "not-found");
    case 405: return make_error(ErrorKind::invalid, "method-not-allowed");
    case 413:
      return make_error(ErrorKind::payload_too_large, "payload-too-large",
                        "the request body is larger than this server accepts");
    case 414: return make_error(ErrorKind::invalid, "invalid", "the request URI is too long");
    case 503: return make_error(ErrorKind::unavailable, "unavailable");
    default: return make_error(ErrorKind::internal, "internal");
  }
}

}  // namespace registre::http
