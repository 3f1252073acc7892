#include "http_probe.hpp"

#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "stats.hpp"

namespace registre::bench {
namespace {

constexpr const char* kMembers = "/api/v1/organizations/1/members";

httplib::Client client_for(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  client.set_read_timeout(30, 0);
  return client;
}

Result<std::string> get_with(httplib::Client& client, const std::string& path) {
  auto res = client.Get(path);
  if (!res)
    return make_error(ErrorKind::internal, "bench",
                      "GET " + path + ": " + httplib::to_string(res.error()));
  if (res->status != 200) {
    return make_error(
        ErrorKind::internal, "bench",
        "GET " + path + " answered " + std::to_string(res->status) + ": " + res->body);
  }
  return res->body;
}

}  // namespace

Result<std::string> get_ok(int port, const std::string& path) {
  auto client = client_for(port);
  return get_with(client, path);
}

Result<FirstAnswer> first_answer(int port, const std::string& path, int timeout_seconds) {
  auto client = client_for(port);
  client.set_read_timeout(timeout_seconds, 0);
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = started + std::chrono::seconds(timeout_seconds);
  FirstAnswer answer;
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = client.Get(path);
    if (res && res->status == 200) {
      answer.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      return answer;
    }
    if (res && res->status < 500) {
      return make_error(
          ErrorKind::internal, "bench",
          "GET " + path + " answered " + std::to_string(res->status) + ": " + res->body);
    }
    ++answer.errors_before;
    answer.last_error =
        res ? std::to_string(res->status) + " " + res->body : httplib::to_string(res.error());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return make_error(ErrorKind::internal, "bench",
                    "GET " + path + " did not answer 200 within " +
                        std::to_string(timeout_seconds) + " s; last: " + answer.last_error);
}

Result<LatencyReport> search_latencies(int port, const std::vector<std::string>& prefixes,
                                       std::size_t count) {
  auto client = client_for(port);
  std::vector<double> ms;
  LatencyReport report;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string path =
        std::string(kMembers) + "?q=" + prefixes[i % prefixes.size()] + "&limit=50";
    const auto started = std::chrono::steady_clock::now();
    auto body = get_with(client, path);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    if (!body) return std::move(body).error();
    ms.push_back(std::chrono::duration<double, std::milli>(elapsed).count());
    if (nlohmann::json::parse(body.value())["items"].empty()) ++report.empty_results;
  }
  report.requests = ms.size();
  report.p50_ms = percentile(ms, 0.50);
  report.p99_ms = percentile(ms, 0.99);
  return report;
}

Result<DeepCursor> walk_to(int port, double fraction) {
  auto client = client_for(port);
  auto first = get_with(client, std::string(kMembers) + "?limit=200&count=true");
  if (!first) return std::move(first).error();
  auto page = nlohmann::json::parse(first.value());
  DeepCursor deep;
  deep.total = page["total"].get<std::int64_t>();
  deep.walked = std::int64_t(page["items"].size());
  const auto target = std::int64_t(double(deep.total) * fraction);
  while (deep.walked < target && page["next"].is_string()) {
    deep.cursor = page["next"].get<std::string>();
    auto next = get_with(client, std::string(kMembers) + "?limit=200&after=" + deep.cursor);
    if (!next) return std::move(next).error();
    page = nlohmann::json::parse(next.value());
    deep.walked += std::int64_t(page["items"].size());
  }
  if (!page["next"].is_string()) {
    return make_error(ErrorKind::internal, "bench",
                      "the list ended before the deep cursor was reached");
  }
  deep.cursor = page["next"].get<std::string>();
  return deep;
}

}  // namespace registre::bench
