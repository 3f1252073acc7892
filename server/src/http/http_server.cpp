#include "http/http_server.hpp"

#include <exception>

#include "core/i18n.hpp"
#include "core/log.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"

namespace registre::http {

std::string loggable_path(const std::string& path) {
  if (path.rfind("/public/", 0) == 0) return "/public/…";
  return path.substr(0, path.find('?'));
}

void configure_server(httplib::Server& server, const HttpServerOptions& options) {
  const int threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server.set_tcp_nodelay(true);
  // An idle keep-alive connection holds a worker thread. Nextcloud calls back into the app while
  // one of the app's requests waits, so idle connections must give their thread back quickly and
  // a connection may not hold it forever: a short idle timeout and a bounded request count.
  server.set_keep_alive_timeout(2);
  server.set_keep_alive_max_count(static_cast<size_t>(std::max(1, threads - 2)));
  server.set_read_timeout(30);
  server.set_write_timeout(30);
  server.set_payload_max_length(options.max_body_bytes);

  const std::string language = options.default_language;
  server.set_error_handler([language](const httplib::Request& req, httplib::Response& res) {
    // Only errors httplib produced itself (no route, body too large, bad request) arrive without
    // a body; a handler's own problem+json is left untouched.
    if (!res.body.empty()) return;
    const Error error = error_for_status(res.status);
    res.set_header("Cache-Control", "no-store");
    res.set_content(problem_body(error, res.status,
                                 i18n::pick_language(req.get_header_value("Accept-Language"), language))
                        .dump(),
                    "application/problem+json");
  });
  server.set_exception_handler([language](const httplib::Request& req, httplib::Response& res,
                                          std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    log::error("unhandled exception", {{"path", loggable_path(req.path)},
                                       {"error", what},
                                       {"request_id", request_id_of(req)}});
    write_problem(res, make_error(ErrorKind::internal, "internal"),
                  i18n::pick_language(req.get_header_value("Accept-Language"), language));
  });
  server.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    // The proxy caches for an hour anything without Cache-Control that is not exactly
    // application/json (problem+json and 204 included): never leave it out.
    if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
    if (!res.has_header("X-Content-Type-Options")) res.set_header("X-Content-Type-Options", "nosniff");
  });
  server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    log::Level level = res.status >= 500 ? log::Level::error : log::Level::info;
    if (req.path == "/heartbeat") level = log::Level::debug;  // polled every second
    log::write(level, "request", {{"method", req.method},
                                  {"path", loggable_path(req.path)},
                                  {"status", res.status},
                                  {"request_id", request_id_of(req)}});
  });
}

}  // namespace registre::http
