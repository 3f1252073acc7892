#include "store/erasure_journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/log.hpp"

namespace registre::store {
namespace fs = std::filesystem;
namespace {

constexpr const char* kHeader = "registre-erasure-journal-v1";

bool parse_id(const std::string& text, std::int64_t& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && out >= 0;
}

// The characters a pseudonym and a timestamp may hold: nothing that could break a line.
bool is_token(const std::string& text) {
  if (text.empty() || text.size() > 64) return false;
  for (char c : text) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    c == '-' || c == '_' || c == ':' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string line_of(const JournalEntry& e) {
  return std::to_string(e.seq) + " " + e.at + " " + e.action + " " +
         std::to_string(e.organization_id) + " " + std::to_string(e.member_id) + " " +
         std::to_string(e.member_number) + " " + e.pseudonym + "\n";
}

// Parses the journal's text; `source` names it in errors.
Result<JournalContents> parse(const std::string& text, const std::string& source) {
  JournalContents contents;
  if (text.empty()) return contents;
  std::istringstream in(text);
  std::string line;
  std::size_t number = 0;
  std::vector<JournalEntry> all;
  std::vector<std::int64_t> cancelled;
  const bool torn = text.back() != '\n';
  const std::size_t lines =
      static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + (torn ? 1 : 0);
  while (std::getline(in, line)) {
    ++number;
    if (torn && number == lines) break;  // a crash while appending: the erasure did not commit
    auto damaged = [&] {
      return unavailable_error(source + " is damaged at line " + std::to_string(number) +
                               "; it is left as is");
    };
    if (number == 1) {
      if (line != kHeader) return damaged();
      continue;
    }
    if (line.empty()) continue;  // tolerated: a hand-edited file may end with blank lines
    std::istringstream fields(line);
    std::string seq, at, action;
    fields >> seq >> at >> action;
    JournalEntry e;
    if (!parse_id(seq, e.seq) || !is_token(at)) return damaged();
    e.at = at;
    contents.last_seq = std::max(contents.last_seq, e.seq);
    if (action == "cancelled") {
      std::string of;
      std::int64_t id = 0;
      if (!(fields >> of) || !parse_id(of, id)) return damaged();
      cancelled.push_back(id);
    } else if (action == "erased" || action == "anonymised") {
      std::string org, member, member_number, pseudonym;
      if (!(fields >> org >> member >> member_number >> pseudonym) ||
          !parse_id(org, e.organization_id) || !parse_id(member, e.member_id) ||
          !parse_id(member_number, e.member_number) || !is_token(pseudonym))
        return damaged();
      e.action = action;
      e.pseudonym = pseudonym;
      all.push_back(std::move(e));
    } else {
      return damaged();
    }
  }
  for (auto& e : all) {
    if (std::find(cancelled.begin(), cancelled.end(), e.seq) != cancelled.end()) {
      ++contents.cancelled;
      continue;
    }
    contents.erasures.push_back(std::move(e));
  }
  return contents;
}

Result<std::string> read_text(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return unavailable_error("cannot read the erasure journal " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ErasureJournal::ErasureJournal(std::string storage_dir) : storage_dir_(std::move(storage_dir)) {}

std::string ErasureJournal::file_path() const {
  if (storage_dir_ == ":memory:") return ":memory:";
  return (fs::path(storage_dir_) / "erasure-journal").string();
}

Result<JournalContents> ErasureJournal::read() const {
  std::lock_guard lock(mutex_);
  if (storage_dir_ == ":memory:") return parse(memory_, "the erasure journal");
  auto text = read_text(file_path());
  if (!text) return std::move(text).error();
  return parse(text.value(), "the erasure journal " + file_path());
}

Result<std::int64_t> ErasureJournal::last_seq() {
  if (last_seq_) return *last_seq_;
  std::string text = memory_;
  if (storage_dir_ != ":memory:") {
    auto read = read_text(file_path());
    if (!read) return std::move(read).error();
    text = std::move(read).value();
  }
  auto contents = parse(text, "the erasure journal " + file_path());
  if (!contents) return std::move(contents).error();
  if (!text.empty() && text.back() != '\n') {
    const auto newline = text.rfind('\n');
    torn_tail_ = newline == std::string::npos ? 0 : newline + 1;
  }
  last_seq_ = contents->last_seq;
  return *last_seq_;
}

Status ErasureJournal::write_lines(const std::string& lines) {
  if (storage_dir_ == ":memory:") {
    if (torn_tail_) memory_.resize(*torn_tail_);
    torn_tail_.reset();
    if (memory_.empty()) memory_ = std::string(kHeader) + "\n";
    memory_ += lines;
    return ok_status();
  }
  const std::string path = file_path();
  std::error_code ec;
  const bool created = !fs::exists(path, ec);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return unavailable_error("cannot open the erasure journal " + path);
  bool ok = true;
  // A torn last line (a crash while appending, so before its transaction could commit) is cut
  // off, so that the journal stays whole lines.
  if (torn_tail_) {
    ok = ::ftruncate(fd, static_cast<off_t>(*torn_tail_)) == 0;
    if (ok) torn_tail_.reset();
  }
  struct stat st {};
  ok = ok && ::fstat(fd, &st) == 0;
  std::string text = ok && st.st_size == 0 ? std::string(kHeader) + "\n" : std::string();
  text += lines;
  std::size_t written = 0;
  while (ok && written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  ok = ok && written == text.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return unavailable_error("cannot write the erasure journal " + path);
  if (created) {
    // The new file's name must survive a crash too.
    const int dir =
        ::open(fs::path(path).parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
      ::fsync(dir);
      ::close(dir);
    }
  }
  return ok_status();
}

Status ErasureJournal::append(std::vector<JournalEntry>& entries) {
  std::lock_guard lock(mutex_);
  for (const auto& e : entries) {
    if ((e.action != "erased" && e.action != "anonymised") || !is_token(e.at) ||
        !is_token(e.pseudonym))
      return make_error(ErrorKind::internal, "internal", "an erasure journal entry is malformed");
  }
  auto last = last_seq();
  if (!last) return std::move(last).error();
  std::int64_t seq = last.value();
  std::string lines;
  for (auto& e : entries) {
    e.seq = ++seq;
    lines += line_of(e);
  }
  if (lines.empty()) return ok_status();
  // The numbers are taken even if the write fails: a partly written line must not be reused.
  last_seq_ = seq;
  return write_lines(lines);
}

Status ErasureJournal::cancel(const std::vector<JournalEntry>& erasures) {
  std::lock_guard lock(mutex_);
  auto last = last_seq();
  if (!last) return std::move(last).error();
  std::int64_t seq = last.value();
  std::string lines;
  for (const auto& e : erasures)
    lines += std::to_string(++seq) + " " + e.at + " cancelled " + std::to_string(e.seq) + "\n";
  if (lines.empty()) return ok_status();
  last_seq_ = seq;
  return write_lines(lines);
}

ErasureBatch::~ErasureBatch() {
  if (written_.empty()) return;
  if (auto s = journal_.cancel(written_); !s) {
    // The journal keeps the erasures: a restore would erase these members, which was asked.
    log::error("erasures that rolled back could not be cancelled in the erasure journal",
               {{"detail", s.error().detail}, {"count", written_.size()}});
  }
}

Status ErasureBatch::write() {
  if (pending_.empty()) return ok_status();
  auto appended = journal_.append(pending_);
  // Even after a failed write, lines may be on disk: they are cancelled with the rest if the
  // transaction rolls back.
  for (auto& e : pending_)
    if (e.seq > 0) written_.push_back(std::move(e));
  pending_.clear();
  return appended;
}

void ErasureBatch::committed() {
  written_.clear();
}

}  // namespace registre::store
