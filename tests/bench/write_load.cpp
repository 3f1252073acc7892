#include "write_load.hpp"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "stats.hpp"

namespace registre::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kOrganization = "/api/v1/organizations/1";

httplib::Client client_for(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  client.set_read_timeout(30, 0);
  return client;
}

Error bench_error(const std::string& detail) {
  return make_error(ErrorKind::internal, "bench", detail);
}

std::string answer_text(const httplib::Result& res) {
  if (!res) return httplib::to_string(res.error());
  return std::to_string(res->status) + ": " + res->body.substr(0, 300);
}

Result<nlohmann::json> get_json(httplib::Client& client, const std::string& path) {
  auto res = client.Get(path);
  if (!res || res->status != 200)
    return bench_error("GET " + path + " answered " + answer_text(res));
  return nlohmann::json::parse(res->body);
}

// The ids of the first `count` members by name, 200 a page.
Result<std::vector<std::int64_t>> member_ids(int port, std::size_t count) {
  auto client = client_for(port);
  std::vector<std::int64_t> ids;
  std::string path = std::string(kOrganization) + "/members?limit=200";
  while (ids.size() < count) {
    auto page = get_json(client, path);
    if (!page) return std::move(page).error();
    for (const auto& item : page.value()["items"]) {
      if (ids.size() < count) ids.push_back(item["id"].get<std::int64_t>());
    }
    if (page.value()["next"].is_null()) break;
    path = std::string(kOrganization) +
           "/members?limit=200&after=" + page.value()["next"].get<std::string>();
  }
  if (ids.size() < count)
    return bench_error("the register has " + std::to_string(ids.size()) + " members, the load " +
                       "needs " + std::to_string(count));
  return ids;
}

// One connection's next request, timed by the caller: an error text, or empty when it answered
// as expected.
using NextRequest = std::function<std::string(httplib::Client&)>;

// Runs one thread per connection for the options' time, each calling its own `NextRequest`.
Result<WriteLoadReport> closed_loop(int port, const WriteLoadOptions& options,
                                    std::vector<NextRequest> connections) {
  std::vector<std::vector<double>> latencies(connections.size());
  std::mutex failure_lock;
  std::string failure;
  std::atomic<bool> stop{false};
  const auto started = Clock::now();
  const auto deadline = started + std::chrono::seconds(options.seconds);
  std::vector<std::thread> threads;
  for (std::size_t c = 0; c < connections.size(); ++c) {
    threads.emplace_back([&, c] {
      auto client = client_for(port);
      while (!stop && Clock::now() < deadline) {
        const auto sent = Clock::now();
        std::string error = connections[c](client);
        if (!error.empty()) {
          std::lock_guard<std::mutex> guard(failure_lock);
          if (failure.empty()) failure = std::move(error);
          stop = true;
          return;
        }
        latencies[c].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
      }
    });
  }
  for (auto& t : threads)
    t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (!failure.empty()) return bench_error(failure);
  std::vector<double> all;
  for (const auto& l : latencies)
    all.insert(all.end(), l.begin(), l.end());
  if (all.empty()) return bench_error("no request answered");
  WriteLoadReport report;
  report.requests = all.size();
  report.requests_per_second = double(all.size()) / seconds;
  report.p50_ms = percentile(all, 0.5);
  report.p99_ms = percentile(all, 0.99);
  return report;
}

}  // namespace

Result<std::int64_t> newsletter_purpose(int port) {
  auto client = client_for(port);
  const std::string path = std::string(kOrganization) + "/purposes";
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto list = get_json(client, path);
    if (!list) return std::move(list).error();
    for (const auto& item : list.value()["items"]) {
      if (item["key"] == "newsletter") return item["id"].get<std::int64_t>();
    }
    auto res = client.Post(path, R"({"preset":"newsletter"})", "application/json");
    if (!res || res->status != 201)
      return bench_error("adopting the newsletter preset answered " + answer_text(res));
  }
  return bench_error("the adopted newsletter purpose is not listed");
}

Result<WriteLoadReport> consent_load(int port, std::int64_t purpose_id,
                                     const WriteLoadOptions& options) {
  const auto per = std::size_t(options.members_per_connection);
  auto ids = member_ids(port, per * std::size_t(options.connections));
  if (!ids) return std::move(ids).error();
  std::vector<NextRequest> connections;
  for (int c = 0; c < options.connections; ++c) {
    std::vector<std::int64_t> mine(ids->begin() + c * long(per),
                                   ids->begin() + (c + 1) * long(per));
    connections.push_back([mine, purpose_id, n = std::size_t(0)](httplib::Client& client) mutable {
      const std::int64_t member = mine[n % mine.size()];
      // Each member's decisions alternate: the second round over the members withdraws.
      const char* decision = (n / mine.size()) % 2 ? "withdrawn" : "given";
      ++n;
      const std::string path =
          std::string(kOrganization) + "/members/" + std::to_string(member) + "/consents";
      const std::string body = R"({"purposeId":)" + std::to_string(purpose_id) +
                               R"(,"decision":")" + decision + R"(","channel":"web"})";
      auto res = client.Post(path, body, "application/json");
      if (res && res->status == 201) return std::string();
      return "POST " + path + " answered " + answer_text(res);
    });
  }
  return closed_loop(port, options, std::move(connections));
}

Result<WriteLoadReport> member_update_load(int port, const WriteLoadOptions& options) {
  const auto per = std::size_t(options.members_per_connection);
  auto ids = member_ids(port, per * std::size_t(options.connections));
  if (!ids) return std::move(ids).error();
  // Each member's current ETag, read before the clock starts.
  struct Target {
    std::int64_t id;
    std::string etag;
  };
  auto reader = client_for(port);
  std::vector<std::vector<Target>> targets(std::size_t(options.connections));
  for (std::size_t i = 0; i < ids->size(); ++i) {
    const std::string path = std::string(kOrganization) + "/members/" + std::to_string(ids->at(i));
    auto res = reader.Get(path);
    if (!res || res->status != 200)
      return bench_error("GET " + path + " answered " + answer_text(res));
    targets[i / per].push_back({ids->at(i), res->get_header_value("ETag")});
  }
  std::vector<NextRequest> connections;
  for (auto& mine : targets) {
    connections.push_back([mine, n = std::size_t(0)](httplib::Client& client) mutable {
      Target& member = mine[n % mine.size()];
      const char* city = (n / mine.size()) % 2 ? "Lille" : "Lyon";
      ++n;
      const std::string path = std::string(kOrganization) + "/members/" + std::to_string(member.id);
      const httplib::Headers headers = {{"If-Match", member.etag}};
      auto res =
          client.Put(path, headers, std::string(R"({"city":")") + city + "\"}", "application/json");
      if (res && res->status == 200) {
        member.etag = res->get_header_value("ETag");
        return std::string();
      }
      return "PUT " + path + " answered " + answer_text(res);
    });
  }
  return closed_loop(port, options, std::move(connections));
}

}  // namespace registre::bench
