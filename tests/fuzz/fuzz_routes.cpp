// Fuzzes every HTTP route of the real application (router, policy, JSON bodies, query strings,
// services, store) without sockets: each input is one request (format in in_process_app.hpp)
// fed to httplib's own request processing. The standalone application treats every request as
// the local administrator's, so every handler is reachable. Findings:
// - a crash, a leak or undefined behaviour (ASan, UBSan);
// - a 5xx answer other than 503 and 507: bad input must get a 4xx problem, never a 500;
// - an error answer that is not problem+json, or a JSON answer that does not parse.
// The database grows with what the inputs create: the application is rebuilt on a fresh storage
// directory every kInputsPerApplication inputs, so a long run stays within memory and disk.
// Seeds: corpus/routes/ (tests/fuzz/routes_seed_generator.cpp); dictionary: routes.dict.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "core/log.hpp"
#include "in_process_app.hpp"

namespace {

constexpr std::size_t kInputsPerApplication = 5000;

registre::fuzz::InProcessApp* application = nullptr;
std::size_t inputs = 0;

[[noreturn]] void finding(const char* what, const std::string& request, const std::string& answer) {
  std::fprintf(stderr, "\n=== fuzz_routes finding: %s\n--- request\n%s\n--- answer\n%.4000s\n",
               what, request.c_str(), answer.c_str());
  std::abort();
}

std::string header_value(const std::string& head, const std::string& name) {
  const auto at = head.find("\r\n" + name + ": ");
  if (at == std::string::npos) return {};
  const auto start = at + name.size() + 4;
  return head.substr(start, head.find("\r\n", start) - start);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Only errors: the request log of millions of inputs is noise, a 5xx is the finding itself.
  registre::log::set_level(registre::log::Level::error);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (application == nullptr || inputs++ % kInputsPerApplication == 0) {
    delete application;
    application = new registre::fuzz::InProcessApp();
  }
  const std::string request =
      registre::fuzz::to_http_request({reinterpret_cast<const char*>(data), size});
  const auto answer = application->send(request);
  if (answer.status == 0) return 0;  // nothing HTTP could read: httplib closes the connection

  if (answer.status >= 500 && answer.status != 503 && answer.status != 507) {
    finding("server error", request, answer.text);
  }
  const auto head_end = answer.text.find("\r\n\r\n");
  if (head_end == std::string::npos) finding("no end of headers", request, answer.text);
  const std::string head = answer.text.substr(0, head_end + 2);
  const std::string body = answer.text.substr(head_end + 4);
  const std::string type = header_value(head, "Content-Type");
  if (answer.status >= 400 && type != "application/problem+json") {
    finding("an error answer that is not problem+json", request, answer.text);
  }
  const bool head_request = request.rfind("HEAD ", 0) == 0;  // headers only, no body
  if ((type == "application/json" || type == "application/problem+json") && !head_request &&
      header_value(head, "Transfer-Encoding").empty() &&
      nlohmann::json::parse(body, nullptr, false).is_discarded()) {
    finding("a JSON answer that does not parse", request, answer.text);
  }
  if (header_value(head, "Cache-Control").empty()) {
    finding("an answer without Cache-Control", request, answer.text);
  }
  return 0;
}
