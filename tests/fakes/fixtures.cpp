#include "fixtures.hpp"

#include <strings.h>

#include <fstream>
#include <stdexcept>

#ifndef REGISTRE_FIXTURES_DIR
#error \
    "REGISTRE_FIXTURES_DIR must be defined (the tests' CMake target points it at tests/fixtures/nextcloud32)"
#endif

namespace registre::fakes {
namespace {

std::optional<std::string> optional_string(const nlohmann::json& record, const char* key) {
  auto it = record.find(key);
  if (it == record.end() || it->is_null()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<nlohmann::json> optional_json(const nlohmann::json& record, const char* key) {
  auto it = record.find(key);
  if (it == record.end() || it->is_null()) return std::nullopt;
  return *it;
}

Exchange to_exchange(const nlohmann::json& r) {
  Exchange e;
  e.seq = r.at("seq").get<int>();
  e.direction = r.at("direction").get<std::string>();
  e.method = r.at("method").get<std::string>();
  e.path = r.at("path").get<std::string>();
  e.request_headers = r.value("request_headers", nlohmann::json::object());
  e.response_headers = r.value("response_headers", nlohmann::json::object());
  e.request_body = optional_string(r, "request_body");
  e.response_body = optional_string(r, "response_body");
  e.status = r.value("status", 0);
  e.note = r.value("note", std::string{});
  e.request_json = optional_json(r, "request_json");
  e.response_json = optional_json(r, "response_json");
  return e;
}

}  // namespace

std::vector<Exchange> load_exchanges(const std::string& jsonl_path) {
  std::ifstream in(jsonl_path);
  if (!in) throw std::runtime_error("cannot open fixture file " + jsonl_path);
  std::vector<Exchange> out;
  std::string line;
  for (int line_no = 1; std::getline(in, line); ++line_no) {
    if (line.empty()) continue;
    try {
      out.push_back(to_exchange(nlohmann::json::parse(line)));
    } catch (const nlohmann::json::exception& ex) {
      throw std::runtime_error(jsonl_path + ":" + std::to_string(line_no) + ": " + ex.what());
    }
  }
  return out;
}

std::string fixtures_dir() {
  return REGISTRE_FIXTURES_DIR;
}

Exchange find_exchange(const std::vector<Exchange>& records, int seq) {
  for (const auto& e : records) {
    if (e.seq == seq) return e;
  }
  throw std::runtime_error("no fixture record with seq " + std::to_string(seq));
}

Exchange find_exchange(const std::string& file, int seq) {
  try {
    return find_exchange(load_exchanges(fixtures_dir() + "/" + file), seq);
  } catch (const std::runtime_error& ex) {
    throw std::runtime_error(file + ": " + ex.what());
  }
}

bool is_success(const Exchange& e) {
  static const nlohmann::json::json_pointer statuscode("/ocs/meta/statuscode");
  if (e.response_json && e.response_json->contains(statuscode)) {
    const auto& sc = e.response_json->at(statuscode);
    if (sc.is_number_integer()) return sc == 100 || sc == 200;
  }
  return e.status >= 200 && e.status < 300;
}

std::optional<std::string> captured_header(const nlohmann::json& headers, const std::string& name) {
  for (const auto& [key, value] : headers.items()) {
    if (strcasecmp(key.c_str(), name.c_str()) != 0) continue;
    if (value.is_array())
      return value.empty() ? std::nullopt : std::optional(value[0].get<std::string>());
    return value.get<std::string>();
  }
  return std::nullopt;
}

}  // namespace registre::fakes
