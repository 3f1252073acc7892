// registre_load: the mixed read/write load of docs/performance.md ("Mixed load"), and the check
// that it lost no acknowledged write.
//
//   1. a register of --members members (the bench's seeding, tests/bench/seed.cpp), seeded into a
//      template directory once (kept with --work) and copied for the run;
//   2. the server binary started on it (standalone: no authentication headers);
//   3. wrk with tests/load/mixed.lua for --seconds on --connections connections (one wrk thread
//      each, see mixed.lua); it records every answer and every acknowledged write;
//   4. the server stopped (SIGTERM: it must exit 0) and started again on the same files;
//   5. every acknowledged write checked through the API (write_check.hpp), the statuses checked
//      (no 5xx, no 4xx but 412 on updates), the figures printed as Markdown.
//
// Exits 0 when nothing was lost and no answer was wrong, 1 on a violation, 2 when the run itself
// could not be done (no wrk, a server that does not start, bad options).

#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "application.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "load_log.hpp"
#include "seed.hpp"
#include "server_process.hpp"
#include "stats.hpp"
#include "write_check.hpp"
#include "write_load.hpp"
#include "wrk.hpp"

using namespace registre;
namespace fs = std::filesystem;

namespace {

struct Options {
  std::string server = REGISTRE_SERVER_BINARY;
  std::string script = REGISTRE_LOAD_SCRIPT;
  std::size_t members = 100000;
  int seconds = 60;
  int connections = 8;
  int server_threads = 8;
  int hot = 64;
  std::string work_dir;  // default: a new directory under /tmp, removed after a clean run
  bool keep = false;
  // The checker's own test: change the register behind its back after the load, and expect it to
  // say so (see tamper()).
  bool tamper = false;
};

void usage() {
  std::cout << "registre_load [--server BIN] [--script mixed.lua] [--members N] [--seconds S]\n"
               "              [--connections C] [--server-threads N] [--hot N] [--work DIR] "
               "[--keep] [--tamper]\n"
               "Defaults: the server binary of this build, 100000 members, 60 s, 8 connections\n"
               "(one wrk thread each), 8 server threads, 64 hot members that updates race on.\n"
               "--work DIR keeps the seeded register in DIR/register-<N> and reuses it; the run's\n"
               "copy, the wrk records and the server logs go to DIR/run (kept).\n"
               "--tamper tests the checker: after the load it deletes an acknowledged created\n"
               "member and changes an updated one, and succeeds only if the check reports both.\n"
               "Exit status: 0 nothing lost, 1 a violation, 2 the run could not be done.\n";
}

std::optional<Options> parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    auto number = [&](auto& out) {
      if (!has_value) return false;
      out = static_cast<std::remove_reference_t<decltype(out)>>(std::atoll(argv[++i]));
      return true;
    };
    bool ok = true;
    if (arg == "--server" && has_value)
      o.server = argv[++i];
    else if (arg == "--script" && has_value)
      o.script = argv[++i];
    else if (arg == "--members")
      ok = number(o.members);
    else if (arg == "--seconds")
      ok = number(o.seconds);
    else if (arg == "--connections")
      ok = number(o.connections);
    else if (arg == "--server-threads")
      ok = number(o.server_threads);
    else if (arg == "--hot")
      ok = number(o.hot);
    else if (arg == "--work" && has_value)
      o.work_dir = argv[++i];
    else if (arg == "--keep")
      o.keep = true;
    else if (arg == "--tamper")
      o.tamper = true;
    else
      ok = false;
    if (!ok) return std::nullopt;
  }
  if (o.members < 1000 || o.seconds < 1 || o.connections < 1 || o.server_threads < 3 || o.hot < 1 ||
      std::size_t(o.hot) > o.members)
    return std::nullopt;
  return o;
}

const auto kStart = std::chrono::steady_clock::now();

void progress(const std::string& text) {
  const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - kStart).count();
  std::fprintf(stderr, "[%6.1fs] %s\n", t, text.c_str());
}

// Thrown when the run cannot be done; main() catches it once the destructors have run (so that a
// started server is stopped, not left behind) and exits 2.
struct CannotRun {};

[[noreturn]] void cannot_run(const std::string& what, const Error& e) {
  std::fprintf(stderr, "registre_load: %s: %s\n", what.c_str(),
               e.detail.empty() ? e.title.c_str() : e.detail.c_str());
  throw CannotRun{};
}

template <class T>
T must(Result<T> r, const std::string& what) {
  if (!r) cannot_run(what, r.error());
  return std::move(r).value();
}

std::string fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", decimals, v);
  return buffer;
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  in >> one;
  return one.empty() ? "?" : one;
}

// The register the run starts from: seeded as a standalone server's database (migrations, the
// demo organisation 1) by the bench's seeding, or the one an earlier run left in `dir`.
void seed_template(const std::string& dir, std::size_t members) {
  if (fs::exists(dir + "/registre.sqlite3")) {
    progress("reusing the register in " + dir);
    return;
  }
  SystemClock clock;
  Config config;
  config.standalone = true;
  config.port = 0;
  config.threads = 4;
  config.storage_dir = dir;
  config.static_dir = std::getenv("REGISTRE_STATIC_DIR");  // set by main()
  auto app = must(Application::create(config, clock), "creating " + dir);
  app->jobs().enqueue("load: wait for the start-up jobs", [] {});
  app->jobs().drain();
  bench::SeedOptions options;
  options.members = members;
  const auto r = must(bench::seed_register(app->database(), clock, options), "seeding " + dir);
  progress("seeded " + std::to_string(r.members) + " members in " + fixed(r.seconds, 1) + " s");
}

// The ids of the first `count` members by number: the members updates race on.
Result<std::vector<std::int64_t>> hot_members(int port, int count) {
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/api/v1/organizations/1/members?sort=number&limit=" +
                        std::to_string(std::min(count, 200)));
  if (!res || res->status != 200)
    return make_error(ErrorKind::internal, "load", "cannot list the hot members");
  std::vector<std::int64_t> ids;
  const auto page = nlohmann::json::parse(res->body);
  for (const auto& m : page["items"])
    ids.push_back(m["id"].get<std::int64_t>());
  return ids;
}

Result<long> member_count(int port) {
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/api/v1/organizations/1/members?limit=1&count=true");
  if (!res || res->status != 200)
    return make_error(ErrorKind::internal, "load", "cannot count the members");
  return nlohmann::json::parse(res->body).value("total", -1L);
}

// A tag that makes this run's values unique and searchable: lower-case letters and digits.
std::string run_tag() {
  constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  auto n = static_cast<unsigned long>(std::time(nullptr)) ^ static_cast<unsigned long>(::getpid())
                                                                << 20;
  std::string tag = "r";
  for (int i = 0; i < 5; ++i, n /= 36)
    tag += kDigits[n % 36];
  return tag;
}

// What tamper() did behind the checker's back.
struct Tampering {
  std::int64_t deleted = 0, changed = 0;
};

// Deletes one acknowledged created member that got no consent event (the API deletes an
// applicant never admitted) and changes the notes of one member that got acknowledged updates,
// as a lost create and an unacknowledged overwrite would leave them.
Result<Tampering> tamper(int port, const load::LoadLog& log) {
  Tampering t;
  std::set<std::int64_t> consented;
  for (const auto& c : log.consents)
    consented.insert(c.member);
  for (const auto& c : log.creates) {
    if (!consented.count(c.id)) t.deleted = c.id;
  }
  if (!log.updates.empty()) t.changed = log.updates.front().member;
  if (!t.deleted || !t.changed)
    return make_error(ErrorKind::internal, "load", "the load made no create or no update to spoil");
  httplib::Client client("127.0.0.1", port);
  const std::string path = "/api/v1/organizations/1/members/";
  for (const auto id : {t.deleted, t.changed}) {
    auto read = client.Get(path + std::to_string(id));
    if (!read || read->status != 200)
      return make_error(ErrorKind::internal, "load", "cannot read member " + std::to_string(id));
    const httplib::Headers if_match = {{"If-Match", read->get_header_value("ETag")}};
    auto res = id == t.deleted ? client.Delete(path + std::to_string(id), if_match)
                               : client.Put(path + std::to_string(id), if_match,
                                            R"({"notes":"tampered"})", "application/json");
    if (!res || res->status / 100 != 2)
      return make_error(ErrorKind::internal, "load",
                        "cannot tamper with member " + std::to_string(id));
  }
  return t;
}

// In --tamper mode: are the violations exactly those the tampering should cause?
bool tampering_reported(const Tampering& t, const std::vector<std::string>& violations) {
  auto names = [&](const std::string& start) {
    return std::any_of(violations.begin(), violations.end(),
                       [&](const std::string& v) { return v.rfind(start, 0) == 0; });
  };
  return violations.size() == 3 && names("created member " + std::to_string(t.deleted) + " ") &&
         names("updated member " + std::to_string(t.changed) + ": stored version") &&
         names("the register holds ");
}

struct WrkRun {
  std::string output;
  bench::WrkResult summary;
};

Result<WrkRun> run_wrk(const Options& o, int port, const std::string& records, std::int64_t purpose,
                       const std::vector<std::int64_t>& hot) {
  std::string hot_list;
  for (const auto id : hot)
    hot_list += (hot_list.empty() ? "" : ",") + std::to_string(id);
  // Every argument is ours (numbers, a tag of [a-z0-9], paths we made): single-quoted anyway.
  const std::string c = std::to_string(o.connections);
  const std::string command =
      "wrk --latency -t" + c + " -c" + c + " -d" + std::to_string(o.seconds) + "s -s '" + o.script +
      "' 'http://127.0.0.1:" + std::to_string(port) + "' -- 'out=" + records +
      "' run=" + run_tag() + " purpose=" + std::to_string(purpose) + " hot=" + hot_list + " 2>&1";
  progress(command);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  if (!pipe) return make_error(ErrorKind::internal, "load", "cannot run wrk");
  WrkRun run;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof(buffer), pipe.get()))
    run.output.append(buffer, n);
  if (::pclose(pipe.release()) != 0) {
    return make_error(ErrorKind::internal, "load",
                      "wrk failed (is it installed? scripts/install-deps.sh test):\n" + run.output);
  }
  auto summary = bench::parse_wrk_output(run.output);
  if (!summary) return std::move(summary).error();
  run.summary = std::move(summary).value();
  return run;
}

// The figures as a Markdown table: per kind of request, then all of them.
void print_figures(const load::LoadLog& log, const WrkRun& wrk) {
  std::cout << "| Request | Answers | Per second | 2xx | 412 | Other 4xx | 5xx | Unanswered | "
               "p50 ms | p99 ms | Max ms |\n|---|---|---|---|---|---|---|---|---|---|---|\n";
  std::vector<double> all;
  long totals[6] = {};
  auto row = [&](const std::string& name, const std::vector<double>& latencies, const long* n) {
    std::cout << "| " << name << " | " << latencies.size() << " | "
              << fixed(double(latencies.size()) / log.wrk.seconds, 1) << " | " << n[0] << " | "
              << n[1] << " | " << n[2] << " | " << n[3] << " | " << n[4] << " | "
              << (latencies.empty() ? "" : fixed(bench::percentile(latencies, 0.5), 2)) << " | "
              << (latencies.empty() ? "" : fixed(bench::percentile(latencies, 0.99), 2)) << " | "
              << (latencies.empty()
                      ? ""
                      : fixed(*std::max_element(latencies.begin(), latencies.end()), 2))
              << " |\n";
  };
  for (const char* kind : {"list", "page", "search", "read", "create", "update", "consent"}) {
    const auto it = log.kinds.find(kind);
    if (it == log.kinds.end()) continue;
    long n[5] = {};
    for (const auto& [status, count] : it->second.statuses) {
      if (status >= 200 && status < 300)
        n[0] += count;
      else if (status == 412)
        n[1] += count;
      else if (status >= 400 && status < 500)
        n[2] += count;
      else if (status >= 500)
        n[3] += count;
    }
    n[4] = it->second.unanswered;
    for (int i = 0; i < 5; ++i)
      totals[i] += n[i];
    all.insert(all.end(), it->second.latencies_ms.begin(), it->second.latencies_ms.end());
    row(kind, it->second.latencies_ms, n);
  }
  row("all", all, totals);
  std::cout << "\nwrk: " << wrk.summary.requests << " requests, "
            << fixed(wrk.summary.requests_per_second, 1) << " req/s, latency p50 "
            << wrk.summary.latency_p50 << ", p99 " << wrk.summary.latency_p99 << "; socket errors: "
            << (wrk.summary.socket_errors ? wrk.summary.socket_error_line : std::string("none"))
            << "\n";
}

}  // namespace

int run(int argc, char** argv) {
  const auto options = parse_options(argc, argv);
  if (!options) {
    usage();
    return 2;
  }
  const Options& o = *options;
  if (!fs::exists(o.server))
    cannot_run("no server binary", make_error(ErrorKind::internal, "load", o.server));
  if (!fs::exists(o.script))
    cannot_run("no wrk script", make_error(ErrorKind::internal, "load", o.script));

  std::string work = o.work_dir;
  if (work.empty()) {
    char pattern[] = "/tmp/registre-load-XXXXXX";
    if (!::mkdtemp(pattern)) cannot_run("mkdtemp", make_error(ErrorKind::internal, "load", "/tmp"));
    work = pattern;
  }
  work = fs::absolute(work).string();
  // The server refuses to start without its front-end directory; the load needs none of it.
  if (!std::getenv("REGISTRE_STATIC_DIR")) {
    fs::create_directories(work + "/static");
    ::setenv("REGISTRE_STATIC_DIR", (work + "/static").c_str(), 1);
  }
  const std::string register_dir = work + "/register-" + std::to_string(o.members);
  const std::string run_dir = work + "/run";
  progress("load average " + load_average() + "; work directory " + work);
  seed_template(register_dir, o.members);
  fs::remove_all(run_dir);
  fs::create_directories(run_dir + "/storage");
  fs::copy(register_dir, run_dir + "/storage", fs::copy_options::recursive);

  auto server = must(bench::start_server(o.server, run_dir + "/storage", o.server_threads,
                                                 run_dir + "/server.log"),
                     "starting the server");
  const int port = server->port();
  const auto purpose = must(bench::newsletter_purpose(port), "the newsletter purpose");
  const auto hot = must(hot_members(port, o.hot), "the hot members");
  const long before = must(member_count(port), "counting the members");
  if (before != long(o.members))
    cannot_run("the seeded register", make_error(ErrorKind::internal, "load",
                                                 "holds " + std::to_string(before) +
                                                     " members, not " + std::to_string(o.members)));

  progress("wrk: " + std::to_string(o.seconds) + " s, " + std::to_string(o.connections) +
           " connections, server pid " + std::to_string(server->pid()) + " on port " +
           std::to_string(port));
  const std::string records = run_dir + "/records";
  const auto wrk = must(run_wrk(o, port, records, purpose, hot), "running wrk");
  std::cerr << wrk.output;
  const auto log = must(load::read_load_log(records), "reading the records");

  std::vector<std::string> violations;
  load::check_statuses(log, violations);
  if (!server->running()) violations.push_back("the server died during the load");
  const int exit_status = server->stop();
  if (exit_status != 0)
    violations.push_back("the server exited with status " + std::to_string(exit_status) +
                         " on SIGTERM");
  progress("server stopped (status " + std::to_string(exit_status) + "); restarting it");
  server = must(bench::start_server(o.server, run_dir + "/storage", o.server_threads,
                                            run_dir + "/server-restart.log"),
                "restarting the server");
  Tampering tampering;
  if (o.tamper) tampering = must(tamper(server->port(), log), "tampering");
  const auto report = must(load::check_writes(server->port(), log, before), "checking the writes");
  server->stop();
  violations.insert(violations.end(), report.violations.begin(), report.violations.end());

  progress("load average " + load_average());
  std::cout << "## Mixed load: " << o.members << " members, " << o.seconds << " s, "
            << o.connections << " connections\n\n";
  print_figures(log, wrk);
  std::cout << "\nChecked after a restart: " << report.creates_checked << " acknowledged creates ("
            << report.unanswered_creates_applied << " of " << log.unanswered_creates.size()
            << " unanswered ones applied), " << report.updates_acknowledged
            << " acknowledged updates on " << report.members_updated << " members ("
            << log.unanswered_updates.size() << " unanswered), " << report.consents_checked
            << " consent events (" << log.unanswered_consents << " unanswered); members "
            << report.members_before << " -> " << report.members_after << "; audit chain "
            << report.audit_entries << " entries, consent ledger " << report.ledger_events
            << " events.\n";
  bool passed = violations.empty();
  if (o.tamper) {
    passed = tampering_reported(tampering, violations);
    std::cout << "Tampered with members " << tampering.deleted << " (deleted) and "
              << tampering.changed << " (changed): "
              << (passed ? "the check reported exactly that.\n" : "the check did NOT report it.\n");
  } else if (passed) {
    std::cout << "Lost writes: 0. Violations: none.\n";
  } else {
    std::cout << "Violations: " << violations.size() << "\n";
  }
  for (std::size_t i = 0; i < violations.size() && i < 50; ++i)
    std::cout << "- " << violations[i] << "\n";
  if (o.work_dir.empty() && !o.keep && passed)
    fs::remove_all(work);
  else
    progress("kept " + work);
  return passed ? 0 : 1;
}

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const CannotRun&) {
    return 2;
  }
}
