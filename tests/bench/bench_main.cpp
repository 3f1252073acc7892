// registre_bench: the performance figures of docs/performance.md, measured in one run on this
// machine and reported as ratios of medians (each measurement runs --rounds times, 3 by default).
//
//   1. seed registers of 100 000 and 10 000 members with memberships (in-process, real store);
//   2. list page (50 rows by name) req/s ÷ GET /heartbeat req/s, wrk against the server binary;
//   3. a keyset page ~90 % down the list ÷ the first page;
//   4. search p50 at 100 000 members ÷ at 10 000 (and p50 itself);
//   5. ImportService::run of 100 000 CSV rows ÷ a bare prepared-insert loop of the same rows;
//   6. the server's peak RSS (VmHWM) after the list load;
//   7. services::verify_ledger over 1 000 000 consent events ÷ BLAKE2b alone over the same bytes;
//   8. recording a consent under load ÷ a member update under the same load (p50), over HTTP;
//   9. the retention preview at 1 000 000 members ÷ at 10 000, 1 000 due in both;
//  10. the retention preview at 100 000 members with nothing due;
//  11. a retention run's erasure per member ÷ a bare DELETE of the same members' rows.
//
// It reports; it is not a test: a missed target still exits 0. Errors (a server that does not
// start, an HTTP error during the load) exit 1.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "application.hpp"
#include "core/log.hpp"
#include "crypto/sodium.hpp"
#include "http_probe.hpp"
#include "import_bench.hpp"
#include "ledger_bench.hpp"
#include "people.hpp"
#include "retention_bench.hpp"
#include "seed.hpp"
#include "server_process.hpp"
#include "stats.hpp"
#include "write_load.hpp"
#include "wrk.hpp"

using namespace registre;
using namespace registre::bench;
namespace fs = std::filesystem;

namespace {

struct Options {
  std::size_t members = 100000;
  std::size_t small_members = 10000;
  std::size_t import_rows = 100000;
  std::size_t searches = 200;
  std::size_t ledger_events = 1000000;
  std::size_t retention_members = 1000000;
  int write_connections = 8;
  int rounds = 3;
  int wrk_seconds = 10;
  int server_threads = 8;
  std::string work_dir;  // default: a new directory under /tmp, removed at the end
  bool keep = false;
  // "load", "search", "import", "ledger", "consent" or "retention": one part alone (to profile
  // it); empty = all
  std::string only;
  bool runs(const char* part) const { return only.empty() || only == part; }
};

void usage() {
  std::cout
      << "registre_bench [--members N] [--small-members N] [--import-rows N] [--searches N]\n"
         "               [--ledger-events N] [--write-connections N] [--retention-members N]\n"
         "               [--rounds N] [--wrk-seconds S] [--threads N] [--work DIR] [--keep]\n"
         "               [--only load|search|import|ledger|consent|retention]\n"
         "Defaults: 100000 / 10000 members, 100000 import rows, 200 searches, 1000000 ledger\n"
         "events, 8 connections for the writes, 1000000 members in the large retention register,\n"
         "3 rounds of 10 s, 8 server threads, a temporary work directory removed at the end.\n"
         "--work DIR keeps the seeded databases in DIR; a later run with the same DIR reuses "
         "them.\n"
         "--only runs one part (to profile it): load = figures 2, 3 and 6, search = 4, import = "
         "5,\nledger = 7, consent = 8, retention = 9, 10 and 11.\n";
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
    if (arg == "--members")
      ok = number(o.members);
    else if (arg == "--small-members")
      ok = number(o.small_members);
    else if (arg == "--import-rows")
      ok = number(o.import_rows);
    else if (arg == "--searches")
      ok = number(o.searches);
    else if (arg == "--ledger-events")
      ok = number(o.ledger_events);
    else if (arg == "--write-connections")
      ok = number(o.write_connections);
    else if (arg == "--retention-members")
      ok = number(o.retention_members);
    else if (arg == "--rounds")
      ok = number(o.rounds);
    else if (arg == "--wrk-seconds")
      ok = number(o.wrk_seconds);
    else if (arg == "--threads")
      ok = number(o.server_threads);
    else if (arg == "--work" && has_value)
      o.work_dir = argv[++i];
    else if (arg == "--only" && has_value)
      o.only = argv[++i];
    else if (arg == "--keep")
      o.keep = true;
    else
      ok = false;
    if (!ok) return std::nullopt;
  }
  const bool sizes_ok = o.rounds >= 1 && o.members >= 1000 && o.small_members >= 100 &&
                        o.import_rows >= 1 && o.searches >= 1 && o.wrk_seconds >= 1 &&
                        o.server_threads >= 3 && o.ledger_events >= 1 && o.write_connections >= 1 &&
                        o.retention_members >= 10000;
  const bool only_ok = o.only.empty() || o.only == "load" || o.only == "search" ||
                       o.only == "import" || o.only == "ledger" || o.only == "consent" ||
                       o.only == "retention";
  if (!sizes_ok || !only_ok) return std::nullopt;
  return o;
}

const auto kStart = std::chrono::steady_clock::now();

void progress(const std::string& text) {
  const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - kStart).count();
  std::fprintf(stderr, "[%6.1fs] %s\n", t, text.c_str());
}

[[noreturn]] void fail(const std::string& what, const Error& e) {
  std::fprintf(stderr, "registre_bench: %s: %s\n", what.c_str(),
               e.detail.empty() ? e.title.c_str() : e.detail.c_str());
  std::exit(1);
}

template <class T>
T must(Result<T> r, const std::string& what) {
  if (!r) fail(what, r.error());
  return std::move(r).value();
}

// The one-minute load average: other work on the machine skews the figures, ratios included.
std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  in >> one;
  return one.empty() ? "?" : one;
}

std::string fixed(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", decimals, v);
  return buffer;
}

std::string mib(long kib) {
  return fixed(double(kib) / 1024, 1) + " MiB";
}

std::string thousands(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out.push_back(' ');
    out.push_back(digits[i]);
  }
  return out;
}

// The database a standalone server creates (migrations, the demo organisation), as an
// Application in this process; the server binary opens the same file afterwards. Returns once the
// start-up jobs (the status refresh) are done, so that they neither hold the write lock during a
// measurement nor fail against one: a no-op job queued now runs after anything already due.
std::unique_ptr<Application> open_application(const std::string& storage_dir, const Clock& clock) {
  Config config;
  config.standalone = true;
  config.host = "127.0.0.1";
  config.port = 0;
  config.threads = 4;
  config.storage_dir = storage_dir;
  config.static_dir = must(empty_static_dir(fs::path(storage_dir).parent_path().string()),
                           "the front-end directory");
  auto app = must(Application::create(config, clock), "creating " + storage_dir);
  app->jobs().enqueue("bench: wait for the start-up jobs", [] {});
  app->jobs().drain();
  return app;
}

constexpr const char* kFirstPage = "/api/v1/organizations/1/members?limit=50";

struct Row {
  std::string figure, measured, ratio, target, verdict;
};

std::string verdict(bool pass) {
  return pass ? "PASS" : "MISS";
}

struct Bench {
  Options o;
  std::string work;
  SystemClock clock;
  std::vector<Row> table;
  long http_errors = 0;
  ServerMemory big_at_start;  // when /heartbeat first answered

  // 1. A seeded register in `dir`, or the one a previous run left there.
  std::string seeded(const std::string& name, std::size_t members) {
    const std::string dir = work + "/" + name;
    if (fs::exists(dir + "/registre.sqlite3")) {
      progress("reusing the register in " + dir);
      return dir;
    }
    auto app = open_application(dir, clock);
    SeedOptions options;
    options.members = members;
    const SeedReport r = must(seed_register(app->database(), clock, options), "seeding " + dir);
    progress("seeded " + thousands(r.members) + " members, " + thousands(r.memberships) +
             " memberships, " + thousands(r.households) + " in households, in " +
             fixed(r.seconds, 1) + " s");
    if (members == o.members) {
      table.push_back(
          {"Seeding " + thousands(r.members) + " members and " + thousands(r.memberships) +
               " memberships (information)",
           fixed(r.seconds, 1) + " s, " + fixed(double(r.members) / r.seconds, 0) + " members/s",
           "", "", ""});
    }
    return dir;
  }

  std::unique_ptr<ServerProcess> server(const std::string& dir, const std::string& name) {
    auto s = must(start_server(REGISTRE_SERVER_BINARY, dir, o.server_threads,
                                       work + "/server-" + name + ".log"),
                  "starting the server on " + dir);
    progress("server " + name + ": pid " + std::to_string(s->pid()) + ", port " +
             std::to_string(s->port()));
    // The status refresh runs at start in a write transaction: list requests wait for it.
    const ServerMemory at_start = s->memory();
    const FirstAnswer first = must(first_answer(s->port(), kFirstPage, 60), "the first page");
    const std::string waited =
        fixed(first.seconds, 2) + " s after /heartbeat answered" +
        (first.errors_before ? ", after " + std::to_string(first.errors_before) +
                                   " error answers (last: " + first.last_error + ")"
                             : "");
    progress("server " + name + ": first list page " + waited);
    if (name == "big") {
      big_at_start = at_start;
      table.push_back({"First list page after the server started, " + thousands(o.members) +
                           " members (information)",
                       waited, "", "", ""});
    }
    return s;
  }

  // 2, 3 and 6: wrk against the big register, heartbeat / first page / deep page interleaved so
  // that drift hits all three alike.
  void load(ServerProcess& big) {
    const std::string base = "http://127.0.0.1:" + std::to_string(big.port());
    const std::string first_path = kFirstPage;
    const DeepCursor deep = must(walk_to(big.port(), 0.9), "walking to a deep cursor");
    const std::string deep_path = first_path + "&after=" + deep.cursor;
    must(get_ok(big.port(), deep_path), "the deep page");
    progress("deep cursor after " + thousands(std::size_t(deep.walked)) + " of " +
             thousands(std::size_t(deep.total)) + " members");
    const ServerMemory before_load = big.memory();
    WrkOptions wrk;
    wrk.seconds = o.wrk_seconds;
    std::vector<double> heartbeat, first, deep_page;
    auto run = [&](const std::string& name, const std::string& path, std::vector<double>& into) {
      const WrkResult r = must(run_wrk(base + path, wrk), "wrk " + name);
      into.push_back(r.requests_per_second);
      http_errors += r.non_2xx;
      progress("wrk " + name + ": " + fixed(r.requests_per_second, 0) + " req/s, p50 " +
               r.latency_p50 + ", p99 " + r.latency_p99 + ", " + std::to_string(r.requests) +
               " requests, non-2xx " + std::to_string(r.non_2xx) +
               (r.socket_errors ? ", socket errors: " + r.socket_error_line : ""));
      if (!big.running())
        fail("wrk " + name, make_error(ErrorKind::internal, "the server died during the load"));
    };
    for (int round = 0; round < o.rounds; ++round) {
      run("heartbeat", "/heartbeat", heartbeat);
      run("first page", first_path, first);
      run("deep page", deep_path, deep_page);
    }
    const ServerMemory memory = big.memory();
    const double list_ratio = median(first) / median(heartbeat);
    const double deep_ratio = median(deep_page) / median(first);
    table.push_back({"List page (50 members by name) ÷ GET /heartbeat, req/s",
                     fixed(median(first), 0) + " ÷ " + fixed(median(heartbeat), 0),
                     fixed(list_ratio, 3), "≥ 0.4", verdict(list_ratio >= 0.4)});
    table.push_back({"Keyset page after " + thousands(std::size_t(deep.walked)) +
                         " members ÷ first page, req/s",
                     fixed(median(deep_page), 0) + " ÷ " + fixed(median(first), 0),
                     fixed(deep_ratio, 3), "≥ 0.9", verdict(deep_ratio >= 0.9)});
    table.push_back(
        {"Server peak RSS (VmHWM) after the list load, " + thousands(o.members) + " members",
         fixed(double(memory.peak_kib) / 1024, 1) + " MiB; VmRSS " + mib(big_at_start.current_kib) +
             " at start, " + mib(before_load.current_kib) + " before the load, " +
             mib(memory.current_kib) + " after",
         "", "< 64 MiB", verdict(memory.peak_kib < 64 * 1024)});
  }

  // 4: the same searches against both registers, alternating.
  void search(ServerProcess& big, ServerProcess& small) {
    const auto prefixes = PeopleGenerator::search_prefixes();
    must(search_latencies(small.port(), prefixes, 20), "warming up searches");
    must(search_latencies(big.port(), prefixes, 20), "warming up searches");
    std::vector<double> small_p50, small_p99, big_p50, big_p99;
    for (int round = 0; round < o.rounds; ++round) {
      const LatencyReport s =
          must(search_latencies(small.port(), prefixes, o.searches), "searching (small)");
      const LatencyReport b =
          must(search_latencies(big.port(), prefixes, o.searches), "searching (big)");
      small_p50.push_back(s.p50_ms);
      small_p99.push_back(s.p99_ms);
      big_p50.push_back(b.p50_ms);
      big_p99.push_back(b.p99_ms);
      progress("search: " + thousands(o.small_members) + " members p50 " + fixed(s.p50_ms, 2) +
               " ms, p99 " + fixed(s.p99_ms, 2) + " ms; " + thousands(o.members) + " members p50 " +
               fixed(b.p50_ms, 2) + " ms, p99 " + fixed(b.p99_ms, 2) + " ms (" +
               std::to_string(b.empty_results) + " of " + std::to_string(b.requests) +
               " found nobody)");
    }
    const double ratio = median(big_p50) / median(small_p50);
    table.push_back({"Search p50, " + thousands(o.members) + " ÷ " + thousands(o.small_members) +
                         " members (" + std::to_string(o.searches) + " searches over " +
                         std::to_string(prefixes.size()) + " three-letter prefixes, limit 50)",
                     fixed(median(big_p50), 2) + " ms ÷ " + fixed(median(small_p50), 2) +
                         " ms; p99 " + fixed(median(big_p99), 2) + " ms ÷ " +
                         fixed(median(small_p99), 2) + " ms",
                     fixed(ratio, 2), "≤ 1.5", verdict(ratio <= 1.5)});
    table.push_back({"Search p50 at " + thousands(o.members) + " members",
                     fixed(median(big_p50), 2) + " ms", "", "< 5 ms",
                     verdict(median(big_p50) < 5.0)});
  }

  // 5: each run into a fresh database, the import and the bare loop alternating.
  void import() {
    const std::string csv = make_import_csv(o.import_rows, 7);
    progress("import file: " + thousands(o.import_rows) + " rows, " + thousands(csv.size() / 1024) +
             " KiB");
    std::vector<double> import_s, bare_s;
    for (int round = 0; round < o.rounds; ++round) {
      const std::string import_dir = work + "/import-" + std::to_string(round);
      const std::string bare_dir = work + "/bare-" + std::to_string(round);
      fs::remove_all(import_dir);
      fs::remove_all(bare_dir);
      {
        auto app = open_application(import_dir, clock);
        import_s.push_back(
            must(time_import_service(app->database(), clock, csv), "importing").seconds);
      }
      {
        auto app = open_application(bare_dir, clock);
        bare_s.push_back(
            must(time_bare_insert(app->database(), clock, csv), "bare inserts").seconds);
      }
      fs::remove_all(import_dir);
      fs::remove_all(bare_dir);
      progress("import " + fixed(import_s.back(), 2) + " s, bare inserts " +
               fixed(bare_s.back(), 2) + " s");
    }
    const double ratio = median(bare_s) / median(import_s);
    table.push_back(
        {"Import of " + thousands(o.import_rows) + " CSV rows ÷ bare prepared inserts, rows/s",
         "import " + fixed(median(import_s), 2) + " s, bare " + fixed(median(bare_s), 2) + " s",
         fixed(ratio, 3), "≥ 0.5", verdict(ratio >= 0.5)});
  }

  // 7: a ledger seeded once (or the one a previous run left), then the verifier and the bare
  // hashing alternating.
  void ledger() {
    const std::string dir = work + "/ledger";
    const bool reuse = fs::exists(dir + "/registre.sqlite3");
    auto app = open_application(dir, clock);
    if (reuse) {
      progress("reusing the ledger in " + dir);
    } else {
      const LedgerSeedReport r =
          must(seed_ledger(app->database(), clock, 1, o.ledger_events), "seeding the ledger");
      progress("seeded " + thousands(r.events) + " consent events (" +
               thousands(r.with_evidence) + " with evidence) in " + fixed(r.seconds, 1) + " s");
      table.push_back({"Seeding a ledger of " + thousands(r.events) + " consent events (information)",
                       fixed(r.seconds, 1) + " s, " + fixed(double(r.events) / r.seconds, 0) +
                           " events/s",
                       "", "", ""});
    }
    const std::size_t events = must(ledger_length(app->database(), 1), "reading the ledger");
    std::vector<double> verify_s, raw_s, walk_s, verify_cpu, verify_reader_cpu, raw_cpu, walk_cpu;
    std::size_t bytes = 0;
    for (int round = 0; round < o.rounds; ++round) {
      const LedgerTiming v =
          must(time_ledger_verification(app->database(), 1, events), "verifying");
      const LedgerTiming raw = must(time_raw_hashing(app->database(), 1), "hashing");
      const LedgerTiming walk = must(time_ledger_walk(app->database(), 1), "walking");
      verify_s.push_back(v.seconds);
      verify_cpu.push_back(v.cpu_seconds);
      verify_reader_cpu.push_back(v.calling_thread_cpu_seconds);
      raw_s.push_back(raw.seconds);
      raw_cpu.push_back(raw.cpu_seconds);
      walk_s.push_back(walk.seconds);
      walk_cpu.push_back(walk.cpu_seconds);
      bytes = raw.bytes;
      progress("ledger: verification " + fixed(v.seconds, 2) + " s (CPU " +
               fixed(v.cpu_seconds, 2) + " s, of which the reading thread " +
               fixed(v.calling_thread_cpu_seconds, 2) + " s), BLAKE2b alone " +
               fixed(raw.seconds, 2) + " s (CPU " + fixed(raw.cpu_seconds, 2) + " s) over " +
               thousands(bytes / 1024) + " KiB, the walk alone " + fixed(walk.seconds, 2) +
               " s (CPU " + fixed(walk.cpu_seconds, 2) + " s)");
    }
    const double ratio = median(raw_s) / median(verify_s);
    const double cpu_ratio = median(raw_cpu) / median(verify_cpu);
    table.push_back({"Verification of a ledger of " + thousands(events) +
                         " consent events ÷ BLAKE2b-256 alone over the same bytes, events/s",
                     "verification " + fixed(median(verify_s), 2) + " s (" +
                         fixed(double(events) / median(verify_s), 0) + " events/s), BLAKE2b " +
                         fixed(median(raw_s), 2) + " s over " + fixed(double(bytes) / 1e6, 0) +
                         " MB",
                     fixed(ratio, 3), "≥ 0.5", verdict(ratio >= 0.5)});
    table.push_back(
        {"The same in CPU time (information: less skewed by other work on the "
         "machine; the verification's is of both its threads)",
         "verification " + fixed(median(verify_cpu), 2) + " s (the reading thread " +
             fixed(median(verify_reader_cpu), 2) + " s), BLAKE2b " + fixed(median(raw_cpu), 2) +
             " s; reading the rows alone (" + "store::for_each_consent_event) " +
             fixed(median(walk_cpu), 2) + " s (wall " + fixed(median(walk_s), 2) + " s)",
         fixed(cpu_ratio, 3), "", ""});
  }

  // 8: consent decisions and member updates against the big register, alternating.
  void consent(ServerProcess& big) {
    const std::int64_t purpose = must(newsletter_purpose(big.port()), "the newsletter purpose");
    WriteLoadOptions options;
    options.connections = o.write_connections;
    options.seconds = o.wrk_seconds;
    std::vector<double> consent_p50, consent_rps, update_p50, update_rps;
    auto report = [&](const std::string& name, const WriteLoadReport& r) {
      progress(name + ": " + fixed(r.requests_per_second, 0) + " req/s, p50 " +
               fixed(r.p50_ms, 2) + " ms, p99 " + fixed(r.p99_ms, 2) + " ms, " +
               std::to_string(r.requests) + " requests");
      if (!big.running())
        fail(name, make_error(ErrorKind::internal, "the server died during the load"));
    };
    for (int round = 0; round < o.rounds; ++round) {
      const WriteLoadReport c = must(consent_load(big.port(), purpose, options), "consent load");
      report("consent decisions", c);
      consent_p50.push_back(c.p50_ms);
      consent_rps.push_back(c.requests_per_second);
      const WriteLoadReport u = must(member_update_load(big.port(), options), "member updates");
      report("member updates", u);
      update_p50.push_back(u.p50_ms);
      update_rps.push_back(u.requests_per_second);
    }
    const double ratio = median(consent_p50) / median(update_p50);
    table.push_back({"Consent decision (POST …/consents) ÷ member update (PUT with If-Match), p50 "
                     "with " + std::to_string(o.write_connections) + " connections",
                     fixed(median(consent_p50), 2) + " ms ÷ " + fixed(median(update_p50), 2) +
                         " ms; " + fixed(median(consent_rps), 0) + " ÷ " +
                         fixed(median(update_rps), 0) + " req/s",
                     fixed(ratio, 2), "≤ 2", verdict(ratio <= 2.0)});
  }

  // 9-11: registers seeded for the retention engine by raw inserts, each once (or the ones a
  // previous run left in --work: `seeded` is written last, so a seeding cut short is redone).
  std::string retention_seeded(const std::string& name, const RetentionSeedOptions& options) {
    const std::string dir = work + "/" + name;
    if (fs::exists(dir + "/seeded")) {
      progress("reusing the register in " + dir);
      return dir;
    }
    fs::remove_all(dir);
    const RetentionSeedReport r = must(seed_retention_register(dir, options), "seeding " + dir);
    std::ofstream(dir + "/seeded") << r.members << "\n";
    progress("seeded " + thousands(r.members) + " members (" + thousands(r.due) + " due), " +
             thousands(r.memberships) + " memberships, in " + fixed(r.seconds, 1) + " s");
    table.push_back({"Seeding " + thousands(r.members) + " members for the retention engine" +
                         (options.search_and_memberships
                              ? " with search rows and " + thousands(r.memberships) + " memberships"
                              : "") +
                         " (information)",
                     fixed(r.seconds, 1) + " s, " + fixed(double(r.members) / r.seconds, 0) +
                         " members/s",
                     "", "", ""});
    return dir;
  }

  // A fresh copy of a closed register (its file only: closing checkpointed the log).
  static std::string copy_register(const std::string& from, const std::string& to) {
    fs::remove_all(to);
    fs::create_directories(to);
    fs::copy_file(from + "/registre.sqlite3", to + "/registre.sqlite3");
    if (fs::exists(from + "/registre.sqlite3-wal"))
      fs::copy_file(from + "/registre.sqlite3-wal", to + "/registre.sqlite3-wal");
    return to;
  }

  void retention() {
    constexpr std::size_t kDue = 1000;
    constexpr int kPreviews = 31;
    FixedClock retention_clock(retention_clock_start());
    const std::string big_dir =
        retention_seeded("retention-" + std::to_string(o.retention_members),
                         {o.retention_members, kDue, false, 11});
    const std::string small_dir = retention_seeded("retention-small", {10000, kDue, false, 12});
    const std::string quiet_dir = retention_seeded("retention-quiet", {100000, 0, false, 13});
    const std::string erase_dir = retention_seeded("retention-erase", {100000, kDue, true, 14});
    auto open = [&](const std::string& dir) {
      auto r = must(RetentionRegister::open(dir, retention_clock), "opening " + dir);
      must(r->ensure_rule(), "adding the retention rule in " + dir);
      return r;
    };
    auto preview_ms = [&](RetentionRegister& r, std::size_t expected, const std::string& name) {
      const PreviewTiming t = must(r.time_preview(), "previewing " + name);
      if (t.items != expected)
        fail("previewing " + name,
             make_error(ErrorKind::internal, "bench",
                        std::to_string(t.items) + " items due, not " + std::to_string(expected)));
      return t.seconds * 1000;
    };

    // 9: the two registers' previews alternating, after two of each to warm the caches.
    {
      auto big = open(big_dir);
      auto small = open(small_dir);
      const std::string big_name = thousands(o.retention_members) + " members";
      std::vector<double> big_ms, small_ms;
      for (int i = 0; i < 2 + kPreviews; ++i) {
        const double s = preview_ms(*small, kDue, "10 000 members");
        const double b = preview_ms(*big, kDue, big_name);
        if (i < 2) continue;
        small_ms.push_back(s);
        big_ms.push_back(b);
      }
      // The query alone, the same way (information).
      std::vector<double> big_query_ms, small_query_ms;
      for (int i = 0; i < 2 + kPreviews; ++i) {
        const PreviewTiming s = must(small->time_due_query(), "the due query");
        const PreviewTiming b = must(big->time_due_query(), "the due query");
        if (i < 2) continue;
        small_query_ms.push_back(s.seconds * 1000);
        big_query_ms.push_back(b.seconds * 1000);
      }
      const double ratio = median(big_ms) / median(small_ms);
      progress("retention preview: " + big_name + " " + fixed(median(big_ms), 2) + " ms (" +
               fixed(percentile(big_ms, 0.0), 2) + "-" + fixed(percentile(big_ms, 1.0), 2) +
               "), 10 000 members " + fixed(median(small_ms), 2) + " ms (" +
               fixed(percentile(small_ms, 0.0), 2) + "-" + fixed(percentile(small_ms, 1.0), 2) +
               ")");
      table.push_back({"Retention preview, " + big_name + " ÷ 10 000 members, 1 000 due in each " +
                           "(rule: former members, date left, 1 year; median of " +
                           std::to_string(kPreviews) + ")",
                       fixed(median(big_ms), 2) + " ms ÷ " + fixed(median(small_ms), 2) + " ms",
                       fixed(ratio, 2), "≤ 1.3", verdict(ratio <= 1.3)});
      table.push_back({"Of which the due query alone (store::find_due_records: the index range and "
                       "the 1 000 rows), same registers (information)",
                       fixed(median(big_query_ms), 2) + " ms ÷ " +
                           fixed(median(small_query_ms), 2) + " ms",
                       fixed(median(big_query_ms) / median(small_query_ms), 2), "", ""});
    }

    // 10: a rule, nothing due.
    {
      auto quiet = open(quiet_dir);
      std::vector<double> ms;
      for (int i = 0; i < 2 + kPreviews; ++i) {
        const double t = preview_ms(*quiet, 0, "100 000 members, nothing due");
        if (i >= 2) ms.push_back(t);
      }
      progress("retention preview, nothing due at 100 000 members: " + fixed(median(ms), 2) +
               " ms (" + fixed(percentile(ms, 0.0), 2) + "-" + fixed(percentile(ms, 1.0), 2) + ")");
      table.push_back({"Retention preview with nothing due, 100 000 members (median of " +
                           std::to_string(kPreviews) + ")",
                       fixed(median(ms), 2) + " ms (max " + fixed(percentile(ms, 1.0), 2) + " ms)",
                       "", "< 5 ms", verdict(median(ms) < 5.0)});
    }

    // 11: each run on a fresh copy of the same register, the batch sizes and the bare DELETE
    // alternating.
    std::vector<std::int64_t> ids;
    {
      auto t = open(erase_dir);  // the rule is in the copies too
      ids = must(t->due_members(), "listing the due members");
    }
    if (ids.size() != kDue)
      fail("listing the due members",
           make_error(ErrorKind::internal, "bench", std::to_string(ids.size()) + " due"));
    const std::vector<int> batch_sizes = {100, 500, 1000};  // 1000: the largest the settings take
    std::vector<std::vector<double>> run_s(batch_sizes.size());
    constexpr std::size_t kKeys = 100;
    std::vector<double> bare_s, search_s, optimize_s, keys_s, existing_keys_s;
    for (int round = 0; round < o.rounds; ++round) {
      for (std::size_t b = 0; b < batch_sizes.size(); ++b) {
        const std::string dir = copy_register(erase_dir, work + "/retention-run");
        {
          auto r = open(dir);
          must(r->configure(false, batch_sizes[b]), "changing the retention settings");
          const RunTiming t = must(r->time_run(), "running retention");
          if (t.erased != kDue)
            fail("running retention", make_error(ErrorKind::internal, "bench",
                                                 std::to_string(t.erased) + " erased of " +
                                                     std::to_string(t.items) + " items"));
          run_s[b].push_back(t.seconds);
          progress("retention run, batches of " + std::to_string(batch_sizes[b]) + ": " +
                   fixed(t.seconds, 2) + " s for " + thousands(t.erased) + " erasures");
        }
        fs::remove_all(dir);
      }
      const std::string dir = copy_register(erase_dir, work + "/retention-bare");
      {
        auto r = open(dir);
        const auto t = must(r->time_bare_delete(ids), "deleting the rows");
        bare_s.push_back(t.delete_seconds);
        search_s.push_back(t.search_delete_seconds);
        optimize_s.push_back(t.optimize_seconds);
        keys_s.push_back(must(r->time_key_destruction(kDue, false), "destroying keys"));
        existing_keys_s.push_back(must(r->time_key_destruction(kKeys, true), "destroying keys"));
        progress("bare DELETE of the same members " + fixed(t.delete_seconds * 1000, 1) +
                 " ms; their search rows " + fixed(t.search_delete_seconds * 1000, 1) +
                 " ms, one optimize " + fixed(t.optimize_seconds * 1000, 1) + " ms; " +
                 thousands(kDue) + " key destructions " + fixed(keys_s.back() * 1000, 1) +
                 " ms, " + std::to_string(kKeys) + " of existing keys " +
                 fixed(existing_keys_s.back() * 1000, 1) + " ms");
      }
      fs::remove_all(dir);
    }
    const double bare = median(bare_s);
    const double per_bare_ms = bare * 1000 / double(kDue);
    for (std::size_t b = 0; b < batch_sizes.size(); ++b) {
      const double run = median(run_s[b]);
      const double ratio = run / bare;
      // The default (100) and 500 are the measured figure; 1000, one batch and so one merge of
      // the search index for the whole run, shows what the merges cost.
      const bool information = batch_sizes[b] == 1000;
      table.push_back({"Erasure by a retention run (run_now, batches of " +
                           std::to_string(batch_sizes[b]) + ") ÷ bare DELETE FROM members of " +
                           "the same rows, per member (" + thousands(kDue) + " due of 100 000)" +
                           (information ? " (information: one batch, one merge)" : ""),
                       fixed(run * 1000 / double(kDue), 3) + " ms ÷ " + fixed(per_bare_ms, 3) +
                           " ms (run " + fixed(run, 2) + " s, DELETE " + fixed(bare * 1000, 1) +
                           " ms)",
                       fixed(ratio, 1), information ? "" : "≤ 3",
                       information ? "" : verdict(ratio <= 3.0)});
    }
    table.push_back({"Parts of an erasure timed apart, 100 000 members (information)",
                     "search rows' DELETE " + fixed(median(search_s) * 1000 / double(kDue), 3) +
                         " ms per member; one 'optimize' of member_search " +
                         fixed(median(optimize_s) * 1000, 1) +
                         " ms (a run does one per batch); MemberKeyStore::destroy " +
                         fixed(median(keys_s) * 1000 / double(kDue), 3) +
                         " ms per member without a key (as here), " +
                         fixed(median(existing_keys_s) * 1000 / double(kKeys), 2) +
                         " ms per member with one",
                     "", "", ""});
  }

  std::string load_at_start;

  void print() const {
    std::cout << "\n| Figure | Medians of " << o.rounds
              << " runs | Ratio | Target | |\n|---|---|---|---|---|\n";
    for (const auto& r : table) {
      std::cout << "| " << r.figure << " | " << r.measured << " | " << r.ratio << " | " << r.target
                << " | " << r.verdict << " |\n";
    }
    std::cout << "\nEvery list and search request is audited (one hash-chained audit_log row, "
                 "committed by group commit before the answer is sent): that cost is in the figures.\n"
              << "Load average (1 min) at start " << load_at_start << ", at end " << load_average()
              << " on " << std::thread::hardware_concurrency()
              << " CPUs: the figures assume an otherwise idle machine.\n";
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    usage();
    return 0;
  }
  auto parsed = parse_options(argc, argv);
  if (!parsed) {
    usage();
    return 2;
  }
  log::set_level(log::Level::warn);
  if (!crypto::initialize()) {
    std::fprintf(stderr, "registre_bench: libsodium could not initialise\n");
    return 1;
  }
  Bench bench;
  bench.o = *parsed;
  bench.work = bench.o.work_dir;
  if (bench.work.empty()) {
    char pattern[] = "/tmp/registre-bench-XXXXXX";
    if (!::mkdtemp(pattern)) {
      std::perror("registre_bench: mkdtemp");
      return 1;
    }
    bench.work = pattern;
  }
  fs::create_directories(bench.work);
  bench.load_at_start = load_average();
  progress("work directory " + bench.work + "; load average " + bench.load_at_start);

  if (bench.o.runs("load") || bench.o.runs("search") || bench.o.runs("consent")) {
    const std::string big_dir = bench.seeded("big", bench.o.members);
    auto big = bench.server(big_dir, "big");
    if (bench.o.runs("load")) bench.load(*big);
    if (bench.o.runs("search")) {
      const std::string small_dir = bench.seeded("small", bench.o.small_members);
      auto small = bench.server(small_dir, "small");
      bench.search(*big, *small);
    }
    // After the reads: these writes change the register the other parts measure.
    if (bench.o.runs("consent")) bench.consent(*big);
  }
  if (bench.o.runs("import")) bench.import();
  if (bench.o.runs("ledger")) bench.ledger();
  if (bench.o.runs("retention")) bench.retention();

  bench.print();
  if (bench.http_errors)
    std::cout << "HTTP errors during the load: " << bench.http_errors << " non-2xx answers\n";
  if (bench.o.work_dir.empty() && !bench.o.keep)
    fs::remove_all(bench.work);
  else
    progress("kept " + bench.work);
  return bench.http_errors ? 1 : 0;
}
