#include "load_log.hpp"

#include <charconv>
#include <fstream>
#include <sstream>

namespace registre::load {
namespace {

Error log_error(const std::string& detail) {
  return make_error(ErrorKind::internal, "load", detail);
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::string::size_type start = 0;
  while (true) {
    const auto tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) return fields;
    start = tab + 1;
  }
}

// Reads one line's fields into typed values; remembers the first failure.
class Fields {
 public:
  explicit Fields(std::vector<std::string> fields) : fields_(std::move(fields)) {}
  std::size_t size() const { return fields_.size(); }
  const std::string& text(std::size_t i) {
    static const std::string empty;
    if (i >= fields_.size()) {
      ok_ = false;
      return empty;
    }
    return fields_[i];
  }
  std::int64_t integer(std::size_t i) {
    const std::string& s = text(i);
    std::int64_t v = 0;
    const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (error != std::errc() || end != s.data() + s.size()) ok_ = false;
    return v;
  }
  double number(std::size_t i) {
    try {
      return std::stod(text(i));
    } catch (const std::exception&) {
      ok_ = false;
      return 0;
    }
  }
  bool ok(std::size_t expected) const { return ok_ && fields_.size() == expected; }

 private:
  std::vector<std::string> fields_;
  bool ok_ = true;
};

// An "unanswered ..." line, from a thread file or from done()'s file.
bool read_unanswered(Fields& f, LoadLog& log) {
  const std::string kind = f.text(1);
  log.kinds[kind].unanswered++;
  if (kind == "create") {
    log.unanswered_creates.push_back({f.text(2), f.text(3), f.text(4), f.text(5), f.text(6)});
    return f.ok(7);
  }
  if (kind == "update") {
    log.unanswered_updates.push_back({f.integer(2), f.integer(3), f.text(4), f.text(5)});
    return f.ok(6);
  }
  if (kind == "consent") {
    log.unanswered_consents++;
    return f.ok(6);
  }
  return f.ok(2);
}

// One thread's file; returns the number of answers it holds.
Result<long> read_thread_file(const std::string& path, LoadLog& log) {
  std::ifstream in(path);
  if (!in) return log_error("cannot read " + path);
  long answers = 0, number = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++number;
    Fields f(split_tabs(line));
    const std::string& what = f.text(0);
    bool ok = false;
    if (what == "answer") {
      KindFigures& k = log.kinds[f.text(1)];
      k.statuses[int(f.integer(2))]++;
      k.latencies_ms.push_back(f.number(3) / 1000.0);
      ++answers;
      ok = f.ok(4);
    } else if (what == "create") {
      log.creates.push_back(
          {f.integer(1), f.integer(2), f.text(3), f.text(4), f.text(5), f.text(6), f.text(7)});
      ok = f.ok(8);
    } else if (what == "update") {
      log.updates.push_back({f.integer(1), f.integer(2), f.text(3), f.text(4)});
      ok = f.ok(5);
    } else if (what == "consent") {
      log.consents.push_back({f.integer(1), f.integer(2), f.integer(3), f.text(4), f.text(5)});
      ok = f.ok(6);
    } else if (what == "unanswered") {
      ok = read_unanswered(f, log);
    }
    if (!ok) return log_error(path + ":" + std::to_string(number) + ": malformed line: " + line);
  }
  return answers;
}

}  // namespace

Result<LoadLog> read_load_log(const std::string& prefix) {
  std::ifstream in(prefix);
  if (!in) return log_error("cannot read " + prefix + " (did wrk run mixed.lua to its end?)");
  LoadLog log;
  bool saw_wrk = false;
  std::string line;
  while (std::getline(in, line)) {
    Fields f(split_tabs(line));
    const std::string& what = f.text(0);
    bool ok = false;
    if (what == "wrk") {
      log.wrk = {f.number(1) / 1e6,  long(f.integer(2)), long(f.integer(3)), long(f.integer(4)),
                 long(f.integer(5)), long(f.integer(6)), long(f.integer(7))};
      saw_wrk = ok = f.ok(8);
    } else if (what == "thread") {
      const std::string path = prefix + ".t" + f.text(1);
      const long counted = long(f.integer(2));
      ok = f.ok(3);
      if (ok) {
        auto answers = read_thread_file(path, log);
        if (!answers) return std::move(answers).error();
        if (answers.value() != counted) {
          return log_error(path + " holds " + std::to_string(answers.value()) +
                           " answers, its thread counted " + std::to_string(counted));
        }
      }
    } else if (what == "unanswered") {
      ok = read_unanswered(f, log);
    }
    if (!ok) return log_error(prefix + ": malformed line: " + line);
  }
  if (!saw_wrk) return log_error(prefix + " has no wrk totals");
  return log;
}

}  // namespace registre::load
