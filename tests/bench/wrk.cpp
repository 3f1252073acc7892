#include "wrk.hpp"

#include <cstdio>
#include <memory>
#include <sstream>

namespace registre::bench {
namespace {

// The text after `label` on the line that starts with it (after spaces), or "".
std::string value_after(const std::string& output, const std::string& label) {
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    const auto start = line.find_first_not_of(' ');
    if (start != std::string::npos && line.compare(start, label.size(), label) == 0) {
      return line.substr(start + label.size());
    }
  }
  return "";
}

std::string first_word(const std::string& text) {
  std::istringstream in(text);
  std::string word;
  in >> word;
  return word;
}

}  // namespace

Result<WrkResult> parse_wrk_output(const std::string& output) {
  WrkResult r;
  const std::string rps = value_after(output, "Requests/sec:");
  if (rps.empty())
    return make_error(ErrorKind::internal, "bench", "wrk printed no Requests/sec:\n" + output);
  r.requests_per_second = std::stod(rps);
  // "  81234 requests in 10.00s, 12.34MB read"
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find(" requests in ") != std::string::npos) r.requests = std::stol(line);
  }
  if (const std::string non2xx = value_after(output, "Non-2xx or 3xx responses:");
      !non2xx.empty()) {
    r.non_2xx = std::stol(non2xx);
  }
  // "Socket errors: connect 0, read 12, write 0, timeout 0"
  if (const std::string errors = value_after(output, "Socket errors:"); !errors.empty()) {
    r.socket_error_line = errors;
    std::istringstream in(errors);
    std::string name;
    long count = 0;
    while (in >> name >> count) {
      r.socket_errors += count;
      in.ignore(1, ',');
    }
  }
  r.latency_p50 = first_word(value_after(output, "50%"));
  r.latency_p99 = first_word(value_after(output, "99%"));
  return r;
}

Result<WrkResult> run_wrk(const std::string& url, const WrkOptions& options) {
  if (url.rfind("http://127.0.0.1:", 0) != 0) {
    return make_error(ErrorKind::internal, "bench", "wrk may only target 127.0.0.1: " + url);
  }
  // The URL is ours (a port number, a fixed path and a URL-safe cursor): no shell quoting issue,
  // but it is single-quoted anyway.
  const std::string command = "wrk --latency -t" + std::to_string(options.threads) + " -c" +
                              std::to_string(options.connections) + " -d" +
                              std::to_string(options.seconds) + "s '" + url + "' 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  if (!pipe) return make_error(ErrorKind::internal, "bench", "cannot run wrk");
  std::string output;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof(buffer), pipe.get()))
    output.append(buffer, n);
  const int status = ::pclose(pipe.release());
  if (status != 0) {
    return make_error(ErrorKind::internal, "bench",
                      "wrk failed (is it installed? make deps-bench):\n" + output);
  }
  return parse_wrk_output(output);
}

}  // namespace registre::bench
