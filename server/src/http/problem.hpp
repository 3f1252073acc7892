#pragma once
// RFC 9457 problem details: the one shape of every error the service answers.

#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace registre::http {

int http_status_for(const Error& error);

// {"type","title","status","detail","errors":[{"field","message"}]}, texts in `language`.
nlohmann::json problem_body(const Error& error, int status, const std::string& language);

// Writes the problem with Content-Type application/problem+json and Cache-Control no-store.
void write_problem(httplib::Response& res, const Error& error, const std::string& language);

// Writes JSON with Content-Type application/json and Cache-Control no-store.
void write_json(httplib::Response& res, int status, const nlohmann::json& body);

// An error from an HTTP status alone (404 for an unknown route, 413 for a large body ...).
Error error_for_status(int status);

}  // namespace registre::http
