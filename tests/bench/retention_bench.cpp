#include "retention_bench.hpp"

#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <filesystem>

#include "auth/authorizer.hpp"
#include "auth/group_directory.hpp"
#include "core/timezone.hpp"
#include "crypto/sodium.hpp"
#include "domain/calendar_date.hpp"
#include "domain/member.hpp"
#include "domain/retention_rule.hpp"
#include "people.hpp"
#include "services/organization_service.hpp"
#include "services/retention_dates.hpp"
#include "store/migrations.hpp"
#include "store/unit_of_work.hpp"
#include "test_support/no_directory.hpp"

namespace registre::bench {
namespace {

using Seconds = std::chrono::duration<double>;
using domain::Date;
using std::chrono::days;
using std::chrono::sys_days;

using test_support::NoGroups;
using test_support::NoRoles;

// The columns store::insert_member writes, less `sealed` (NULL: nobody has sensitive values)
// and `household_id`/`nextcloud_user` (NULL).
constexpr const char* kInsertMember =
    "INSERT INTO members (organization_id, number, pseudonym, first_name, last_name, email, phone,"
    " address, postcode, city, country, birth_date, notes, admitted_on, left_on, status,"
    " restricted, sort_name, custom, created_at, updated_at, version)"
    " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'FR', ?, '', ?, ?, ?, 0, ?, '{}', ?, ?, 1)";
constexpr const char* kInsertSearch = "INSERT INTO member_search (rowid, text) VALUES (?, ?)";
constexpr const char* kInsertMembership =
    "INSERT INTO memberships (organization_id, member_id, type_id, starts_on, ends_on,"
    " amount_cents, currency, paid_on, payment_method, reference, created_at, recorded_by)"
    " VALUES (1, ?, ?, ?, ?, 2500, 'EUR', ?, 'cheque', ?, ?, 'user:admin')";

// The due bound of kRetentionAsOf under a 1-year delay: left on this date or before.
constexpr const char* kLastDueTrigger = "2025-06-15";

Date ymd(int y, unsigned m, unsigned d) {
  return Date(std::chrono::year(y), std::chrono::month(m), std::chrono::day(d));
}

Date between(PeopleGenerator& gen, Date from, Date to) {
  const int span = int((sys_days(to) - sys_days(from)).count());
  return Date(sys_days(from) + days(gen.uniform(0, span)));
}

// "06 12 34 56 78" as apply_member_changes stores it: E.164.
std::string e164(const std::string& typed) {
  std::string digits;
  for (char c : typed)
    if (c >= '0' && c <= '9') digits.push_back(c);
  return "+33" + digits.substr(1);
}

std::string two(unsigned n) {
  return std::string(1, char('0' + n / 10)) + char('0' + n % 10);
}

const std::string kRegisterFile = "registre.sqlite3";

}  // namespace

TimePoint retention_clock_start() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(sys_days(ymd(2026, 6, 15)) +
                                                                 std::chrono::hours(10));
}

Result<RetentionSeedReport> seed_retention_register(const std::string& dir,
                                                    const RetentionSeedOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  std::filesystem::create_directories(dir);
  auto opened = store::Database::open({dir + "/" + kRegisterFile}, store::embedded_migrations());
  if (!opened) return std::move(opened).error();
  std::unique_ptr<store::Database> db = std::move(opened).value();
  FixedClock clock(retention_clock_start());
  {
    NoGroups groups;
    NoRoles roles;
    auth::Authorizer authorizer(groups, roles);
    services::OrganizationService orgs(*db, clock, authorizer);
    auto seeded = orgs.seed_demo_if_empty();
    if (!seeded) return std::move(seeded).error();
  }
  RetentionSeedReport report;
  {
    auto lease = db->acquire();
    if (!lease) return std::move(lease).error();
    SQLite::Database& connection = lease->db();
    // A 256 MiB page cache for this connection: ten B-trees of a million rows, most of them in
    // random order (pseudonym, names, e-mail), take their inserts without spilling to the WAL.
    connection.exec("PRAGMA cache_size = -262144");
    const std::string now = format_utc(clock.now());
    std::int64_t type_id = 0;
    auto typed = store::in_write_transaction(
        connection, "seeding a membership type", [&](SQLite::Database& tx) -> Status {
          SQLite::Statement t(tx,
                              "INSERT INTO membership_types (organization_id, name, period,"
                              " amount_cents, currency, created_at) VALUES (1, 'Adhésion annuelle',"
                              " 'calendar_year', 2500, 'EUR', ?)");
          t.bind(1, now);
          t.exec();
          type_id = tx.getLastInsertRowid();
          return ok_status();
        });
    if (!typed) return std::move(typed).error();

    PeopleGenerator gen(options.seed);
    const std::size_t stride = options.due ? options.members / options.due : 0;
    std::size_t next = 0;
    while (next < options.members) {
      const std::size_t end = std::min(options.members, next + 50000);
      auto batch = store::in_write_transaction(
          connection, "seeding members", [&](SQLite::Database& tx) -> Status {
            SQLite::Statement member(tx, kInsertMember);
            SQLite::Statement search(tx, kInsertSearch);
            SQLite::Statement membership(tx, kInsertMembership);
            for (; next < end; ++next) {
              const Person p = gen.next();
              domain::Member m;
              m.number = std::int64_t(next) + 1;
              m.first_name = p.first_name;
              m.last_name = p.last_name;
              m.email = p.email;
              const bool due = stride && next % stride == stride / 2 && report.due < options.due;
              std::optional<Date> admitted, left;
              std::string status;
              std::vector<int> years;  // calendar years paid
              if (due) {
                admitted = between(gen, ymd(2000, 1, 1), ymd(2016, 12, 31));
                left = between(gen, ymd(2018, 1, 1), ymd(2025, 5, 31));
                status = "former";
                const int y = int(left->year());
                years = {y - 2, y - 1};
                ++report.due;
              } else {
                const int roll = gen.uniform(1, 100);
                if (roll <= 88) {
                  admitted = between(gen, ymd(2000, 1, 1), ymd(2026, 5, 31));
                  status = "active";
                  years = gen.chance(0.5) ? std::vector<int>{2025, 2026} : std::vector<int>{2026};
                } else if (roll <= 93) {
                  admitted = between(gen, ymd(2000, 1, 1), ymd(2024, 12, 31));
                  status = "lapsed";
                  years = {2024};
                } else if (roll <= 95) {
                  status = "applicant";
                } else {  // left after the due bound: next to the due ones in the rule's index
                  admitted = between(gen, ymd(2000, 1, 1), ymd(2023, 12, 31));
                  left = between(gen, ymd(2025, 7, 1), ymd(2026, 6, 14));
                  status = "former";
                  years = {2024, 2025};
                }
              }
              const std::string created =
                  domain::format_iso(admitted ? *admitted
                                              : between(gen, ymd(2026, 1, 1), ymd(2026, 6, 14))) +
                  "T09:00:00.000Z";
              int i = 1;
              member.bind(i++, m.number);
              member.bind(i++, crypto::random_hex(16));
              member.bind(i++, m.first_name);
              member.bind(i++, m.last_name);
              member.bind(i++, *m.email);
              member.bind(i++, e164(p.phone));
              member.bind(i++, p.address);
              member.bind(i++, p.postcode);
              member.bind(i++, p.city);
              member.bind(i++, std::to_string(p.birth_year) + "-" + two(unsigned(p.birth_month)) +
                                   "-" + two(unsigned(p.birth_day)));
              if (admitted)
                member.bind(i++, domain::format_iso(*admitted));
              else
                member.bind(i++);
              if (left)
                member.bind(i++, domain::format_iso(*left));
              else
                member.bind(i++);
              member.bind(i++, status);
              member.bind(i++, domain::member_sort_name(m));
              member.bind(i++, created);
              member.bind(i++, created);
              member.exec();
              member.reset();
              const std::int64_t id = tx.getLastInsertRowid();
              ++report.members;
              if (!options.search_and_memberships) continue;
              search.bind(1, id);
              search.bind(2, domain::member_search_text(m));
              search.exec();
              search.reset();
              for (int y : years) {
                const std::string start = std::to_string(y) + "-01-01";
                membership.bind(1, id);
                membership.bind(2, type_id);
                membership.bind(3, start);
                membership.bind(4, std::to_string(y) + "-12-31");
                membership.bind(5, start);
                membership.bind(6, "CHQ-" + std::to_string(id) + "-" + std::to_string(y));
                membership.bind(7, start + "T09:00:00.000Z");
                membership.exec();
                membership.reset();
                ++report.memberships;
              }
            }
            return ok_status();
          });
      if (!batch) return std::move(batch).error();
    }
    auto numbered =
        store::in_write_transaction(connection, "numbering", [&](SQLite::Database& tx) -> Status {
          SQLite::Statement s(tx, "UPDATE organizations SET numbers_issued = ? WHERE id = 1");
          s.bind(1, std::int64_t(options.members));
          s.exec();
          return ok_status();
        });
    if (!numbered) return std::move(numbered).error();
    // One segment, as after any earlier erasure's merge: every copy's first batch then merges
    // the same index as the later ones.
    if (options.search_and_memberships)
      connection.exec("INSERT INTO member_search (member_search) VALUES ('optimize')");
    connection.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  db.reset();  // the last connection closes: the log is checkpointed and removed
  report.seconds = Seconds(std::chrono::steady_clock::now() - started).count();
  return report;
}

Result<std::unique_ptr<RetentionRegister>> RetentionRegister::open(const std::string& dir,
                                                                   const Clock& clock) {
  auto opened = store::Database::open({dir + "/" + kRegisterFile}, store::embedded_migrations());
  if (!opened) return std::move(opened).error();
  std::unique_ptr<RetentionRegister> r(new RetentionRegister());
  r->dir_ = dir;
  r->clock_ = &clock;
  r->db_ = std::move(opened).value();
  // As Application::create: the key store in the register's storage directory.
  r->keys_ = std::make_unique<crypto::MemberKeyStore>(dir);
  r->sensitive_ = std::make_unique<services::SensitiveValues>(*r->keys_);
  r->journal_ = std::make_unique<store::ErasureJournal>(dir);
  r->retention_ =
      std::make_unique<services::RetentionService>(*r->db_, clock, *r->sensitive_, *r->journal_);
  r->admin_.actor = {auth::Actor::Kind::user, "admin", true};
  r->admin_.request_id = "bench";
  return r;
}

Status RetentionRegister::ensure_rule() {
  auto rules = retention_->rules(1);
  if (!rules) return std::move(rules).error();
  for (const auto& r : rules.value()) {
    if (r.subject == domain::RetentionSubject::former_members &&
        r.trigger == domain::RetentionTrigger::date_left && r.enabled)
      return ok_status();
  }
  domain::RetentionRule rule;
  rule.subject = domain::RetentionSubject::former_members;
  rule.trigger = domain::RetentionTrigger::date_left;
  rule.delay = {1, domain::DelayUnit::years};
  rule.action = domain::RetentionAction::erase;
  rule.description = "Les anciens membres sont effacés un an après leur départ.";
  auto created = retention_->create_rule(admin_, 1, rule);
  if (!created) return std::move(created).error();
  return ok_status();
}

Status RetentionRegister::configure(bool require_approval, int batch_size) {
  services::RetentionSettings s;
  s.require_approval = require_approval;
  s.batch_size = batch_size;
  auto changed = retention_->change_settings(admin_, 1, s);
  if (!changed) return std::move(changed).error();
  return ok_status();
}

Result<PreviewTiming> RetentionRegister::time_preview() {
  const auto started = std::chrono::steady_clock::now();
  auto p = retention_->preview(admin_, 1, std::string(kRetentionAsOf));
  const double seconds = Seconds(std::chrono::steady_clock::now() - started).count();
  if (!p) return std::move(p).error();
  PreviewTiming t;
  t.seconds = seconds;
  for (const auto& r : p->rules)
    t.items += r.items.size();
  return t;
}

Result<PreviewTiming> RetentionRegister::time_due_query() {
  auto rules = retention_->rules(1);
  if (!rules) return std::move(rules).error();
  if (rules->empty()) return make_error(ErrorKind::internal, "bench", "no retention rule");
  const domain::RetentionRule rule = rules->front();
  auto zone = time_zone("Europe/Paris");
  if (!zone) return std::move(zone).error();
  const auto as_of = domain::parse_date(kRetentionAsOf);
  const store::DueBound bound =
      services::due_bound(*zone.value(), domain::latest_due_trigger(*as_of, rule.delay));
  auto lease = db_->acquire();
  if (!lease) return std::move(lease).error();
  const auto started = std::chrono::steady_clock::now();
  auto due = store::find_due_records(lease->db(), rule, bound);
  const double seconds = Seconds(std::chrono::steady_clock::now() - started).count();
  if (!due) return std::move(due).error();
  return PreviewTiming{seconds, due->size()};
}

Result<RunTiming> RetentionRegister::time_run() {
  const auto started = std::chrono::steady_clock::now();
  auto run = retention_->run_now(admin_, 1);
  const double seconds = Seconds(std::chrono::steady_clock::now() - started).count();
  if (!run) return std::move(run).error();
  RunTiming t;
  t.seconds = seconds;
  t.items = run->items.size();
  for (const auto& i : run->items)
    if (i.outcome && *i.outcome == "erased") ++t.erased;
  return t;
}

Result<std::vector<std::int64_t>> RetentionRegister::due_members() {
  auto lease = db_->acquire();
  if (!lease) return std::move(lease).error();
  try {
    SQLite::Statement q(lease->db(),
                        "SELECT id FROM members WHERE organization_id = 1 AND status = 'former'"
                        " AND left_on <= ? ORDER BY id");
    q.bind(1, kLastDueTrigger);
    std::vector<std::int64_t> ids;
    while (q.executeStep())
      ids.push_back(q.getColumn(0).getInt64());
    return ids;
  } catch (const SQLite::Exception& e) {
    return make_error(ErrorKind::internal, "bench", e.what());
  }
}

Result<RetentionRegister::BareTiming> RetentionRegister::time_bare_delete(
    const std::vector<std::int64_t>& ids) {
  auto lease = db_->acquire();
  if (!lease) return std::move(lease).error();
  SQLite::Database& connection = lease->db();
  auto each = [&](SQLite::Database& tx, const char* sql, bool one_row) -> Status {
    SQLite::Statement s(tx, sql);
    for (std::int64_t id : ids) {
      s.bind(1, id);
      if (s.exec() != 1 && one_row)
        return make_error(ErrorKind::internal, "bench", std::string("no row for ") + sql);
      s.reset();
    }
    return ok_status();
  };
  auto detached = store::in_write_transaction(connection, "detaching", [&](SQLite::Database& tx) {
    return each(tx, "UPDATE memberships SET member_id = NULL, reference = NULL WHERE member_id = ?",
                false);
  });
  if (!detached) return std::move(detached).error();
  BareTiming t;
  auto timed = [&](double& into, auto&& body) -> Status {
    const auto started = std::chrono::steady_clock::now();
    auto done = store::in_write_transaction(connection, "bare", body);
    into = Seconds(std::chrono::steady_clock::now() - started).count();
    return done;
  };
  if (auto s = timed(
          t.delete_seconds,
          [&](SQLite::Database& tx) { return each(tx, "DELETE FROM members WHERE id = ?", true); });
      !s)
    return std::move(s).error();
  if (auto s = timed(t.search_delete_seconds,
                     [&](SQLite::Database& tx) {
                       return each(tx, "DELETE FROM member_search WHERE rowid = ?", true);
                     });
      !s)
    return std::move(s).error();
  if (auto s = timed(t.optimize_seconds,
                     [&](SQLite::Database& tx) -> Status {
                       tx.exec("INSERT INTO member_search (member_search) VALUES ('optimize')");
                       return ok_status();
                     });
      !s)
    return std::move(s).error();
  return t;
}

Result<double> RetentionRegister::time_key_destruction(std::size_t pseudonyms, bool existing) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < pseudonyms; ++i) {
    names.push_back(crypto::random_hex(16));
    if (!existing) continue;
    if (auto k = keys_->key_of(names.back(), true); !k) return std::move(k).error();
  }
  const auto started = std::chrono::steady_clock::now();
  for (const auto& name : names) {
    if (auto s = keys_->destroy(name); !s) return std::move(s).error();
  }
  return Seconds(std::chrono::steady_clock::now() - started).count();
}

}  // namespace registre::bench
