#include "seed.hpp"

#include <chrono>
#include <deque>

#include "crypto/sodium.hpp"
#include "domain/calendar_date.hpp"
#include "domain/member.hpp"
#include "domain/membership_period.hpp"
#include "people.hpp"
#include "services/member_statuses.hpp"
#include "services/organization_today.hpp"
#include "store/member_store.hpp"
#include "store/membership_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::bench {
namespace {

using domain::Date;
using std::chrono::days;
using std::chrono::sys_days;

struct SeedType {
  store::MembershipType stored;
  domain::MembershipTerms terms;
  double share;  // of the members who hold this type
};

std::vector<SeedType> membership_types(std::int64_t organization_id, const std::string& now) {
  auto make = [&](const char* name, const char* period, domain::PeriodKind kind, std::int64_t cents,
                  double share) {
    SeedType t;
    t.stored.organization_id = organization_id;
    t.stored.name = name;
    t.stored.period = period;
    t.stored.amount_cents = cents;
    t.stored.currency = "EUR";
    t.stored.created_at = now;
    t.terms.kind = kind;
    t.share = share;
    return t;
  };
  return {
      make("Licence saison", "season", domain::PeriodKind::season, 12000, 0.60),
      make("Adhésion annuelle", "calendar_year", domain::PeriodKind::calendar_year, 2500, 0.25),
      make("Bienfaiteur 12 mois", "rolling_months", domain::PeriodKind::rolling_months, 5000, 0.10),
      make("Membre d'honneur", "lifetime", domain::PeriodKind::lifetime, 0, 0.05)};
}

Date add_days(Date d, int n) {
  return Date(sys_days(d) + days(n));
}

Date make_date(int y, unsigned m, unsigned d) {
  return Date(std::chrono::year(y), std::chrono::month(m), std::chrono::day(d));
}

// The start of the latest period of `kind` that began on or before `today`, `lag` periods back.
Date latest_start(PeopleGenerator& gen, domain::PeriodKind kind, Date today, int lag) {
  const int year = int(today.year());
  switch (kind) {
    case domain::PeriodKind::season: {
      int season_year = unsigned(today.month()) >= 9 ? year : year - 1;
      Date start = make_date(season_year - lag, 9, unsigned(gen.uniform(1, 30)));
      return start > today ? make_date(season_year - lag - 1, 9, 15) : start;
    }
    case domain::PeriodKind::calendar_year: {
      Date start = make_date(year - lag, 1, unsigned(gen.uniform(1, 28)));
      return start > today ? make_date(year - lag - 1, 6, 1) : start;
    }
    case domain::PeriodKind::rolling_months:
      return add_days(today, -(lag * 365 + gen.uniform(0, 364)));
    case domain::PeriodKind::lifetime:
      return add_days(today, -gen.uniform(0, 25 * 365));
  }
  return today;
}

const char* payment_method(PeopleGenerator& gen) {
  static const char* methods[] = {"cheque", "cheque", "transfer", "card", "online", "cash"};
  return methods[gen.uniform(0, 5)];
}

struct Head {  // a member others may name as their household
  std::int64_t id;
  std::string last_name, address, postcode, city;
};

}  // namespace

Result<SeedReport> seed_register(store::Database& database, const Clock& clock,
                                 const SeedOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  auto lease = database.acquire();
  if (!lease) return std::move(lease).error();
  SQLite::Database& connection = lease->db();
  // A 64 MiB page cache for this connection, so the batches are not spilled to the WAL half-way
  // (the default 2 MiB holds a few thousand rows of seven B-trees).
  connection.exec("PRAGMA cache_size = -65536");
  auto today = services::today_in(connection, options.organization_id, clock);
  if (!today) return std::move(today).error();
  const std::string today_iso = domain::format_iso(today.value());
  const std::string now = format_utc(clock.now());

  auto types = membership_types(options.organization_id, now);
  auto created = store::in_write_transaction(
      connection, "seeding membership types", [&](SQLite::Database& db) -> Status {
        for (auto& t : types) {
          auto id = store::insert_membership_type(db, t.stored);
          if (!id) return std::move(id).error();
          t.stored.id = id.value();
        }
        return ok_status();
      });
  if (!created) return std::move(created).error();
  std::vector<double> shares;
  for (const auto& t : types)
    shares.push_back(t.share);
  std::discrete_distribution<std::size_t> pick_type(shares.begin(), shares.end());
  std::mt19937_64 type_rng(options.seed ^ 0x5eedULL);

  PeopleGenerator gen(options.seed);
  SeedReport report;
  std::deque<Head> heads;  // recent members without a household, for families
  std::int64_t number = 0;
  while (report.members < options.members) {
    const std::size_t in_batch = std::min(options.batch, options.members - report.members);
    auto batch = store::in_write_transaction(
        connection, "seeding members", [&](SQLite::Database& db) -> Status {
          for (std::size_t i = 0; i < in_batch; ++i) {
            Person p = gen.next();
            domain::MemberChanges changes;
            std::optional<Head> head;
            if (!heads.empty() && gen.chance(0.15)) {  // a family member: same name and address
              head = heads[std::size_t(gen.uniform(0, int(heads.size()) - 1))];
              p.last_name = head->last_name;
              p.address = head->address;
              p.postcode = head->postcode;
              p.city = head->city;
              changes.household_id = head->id;
            }
            // Memberships: 1 to 3 consecutive periods, the latest one `lag` periods ago.
            const SeedType& type = types[pick_type(type_rng)];
            const int roll = gen.uniform(1, 100);
            const int lag = roll <= 75 ? 0 : roll <= 90 ? 1 : gen.uniform(2, 5);
            const int count = type.terms.kind == domain::PeriodKind::lifetime ? 1
                              : gen.chance(0.5)                               ? 1
                              : gen.chance(0.7)                               ? 2
                                                                              : 3;
            std::vector<store::Membership> memberships;
            Date first_start = today.value();
            for (int k = count - 1; k >= 0; --k) {
              const Date start = latest_start(gen, type.terms.kind, today.value(), lag + k);
              store::Membership ms;
              ms.organization_id = options.organization_id;
              ms.type_id = type.stored.id;
              ms.starts_on = domain::format_iso(start);
              if (auto end = domain::period_end(type.terms, start))
                ms.ends_on = domain::format_iso(*end);
              ms.amount_cents = type.stored.amount_cents;
              ms.currency = "EUR";
              Date paid = add_days(start, gen.uniform(0, 20));
              if (paid > today.value()) paid = today.value();
              ms.paid_on = domain::format_iso(paid);
              ms.payment_method = payment_method(gen);
              ms.created_at = now;
              ms.recorded_by = "user:admin";
              if (start < first_start) first_start = start;
              memberships.push_back(std::move(ms));
            }
            changes.first_name = p.first_name;
            changes.last_name = p.last_name;
            changes.email = p.email;
            changes.phone = p.phone;
            changes.address = p.address;
            changes.postcode = p.postcode;
            changes.city = p.city;
            changes.birth_date = std::to_string(p.birth_day) + "/" + std::to_string(p.birth_month) +
                                 "/" + std::to_string(p.birth_year);
            changes.admitted_on = domain::format_iso(add_days(first_start, -gen.uniform(0, 30)));
            const auto& last = memberships.back();
            if (lag >= 1 && last.ends_on && gen.chance(0.3)) {
              changes.left_on = *last.ends_on;  // did not renew and said so: a former member
            }

            domain::Member m;
            m.organization_id = options.organization_id;
            auto changed = domain::apply_member_changes(m, changes, today_iso);
            if (!changed) {
              Error e = changed.error();
              for (const auto& f : e.fields)
                e.detail += " " + f.field + ": " + f.message + ";";
              return e;
            }
            m.number = ++number;
            m.pseudonym = crypto::random_hex(16);
            m.created_at = m.updated_at = now;
            m.status = services::derived_status(m, memberships, today.value());
            auto id = store::insert_member(db, m, domain::member_search_text(m));
            if (!id) return std::move(id).error();
            for (auto& ms : memberships) {
              ms.member_id = id.value();
              auto ms_id = store::insert_membership(db, ms);
              if (!ms_id) return std::move(ms_id).error();
            }
            report.memberships += memberships.size();
            if (head) {
              ++report.households;
            } else {
              heads.push_back({id.value(), m.last_name, m.address.value_or(""),
                               m.postcode.value_or(""), m.city.value_or("")});
              if (heads.size() > 200) heads.pop_front();
            }
          }
          return ok_status();
        });
    if (!batch) return std::move(batch).error();
    report.members += in_batch;
  }
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace registre::bench
