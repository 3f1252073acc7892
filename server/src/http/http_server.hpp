#pragma once
// The httplib server, configured once: thread pool, TCP_NODELAY, keep-alive and body limits,
// problem+json for every error httplib produces itself, a 500 for any escaped exception, and a
// Cache-Control header on every response (NEXTCLOUD.md §8).

#include <cstddef>
#include <string>

#include <httplib.h>

namespace registre::http {

struct HttpServerOptions {
  int threads = 8;
  std::size_t max_body_bytes = 50u * 1024 * 1024;
  std::string default_language = "fr";
};

void configure_server(httplib::Server& server, const HttpServerOptions& options);

// The path as it may be logged: query string dropped (searches carry names), and the token of
// public links (/public/<token>...) masked.
std::string loggable_path(const std::string& path);

}  // namespace registre::http
