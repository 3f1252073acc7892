#include "import_bench.hpp"

#include <SQLiteCpp/Statement.h>

#include <chrono>

#include "crypto/sodium.hpp"
#include "domain/member.hpp"
#include "people.hpp"
#include "services/import_service.hpp"
#include "store/unit_of_work.hpp"

namespace registre::bench {
namespace {

using Seconds = std::chrono::duration<double>;

// The columns store::insert_member writes, in its order; what a CSV row does not give is a
// constant.
constexpr const char* kBareInsert =
    "INSERT INTO members (first_name, last_name, email, phone, address, postcode, city, country, "
    "birth_date, nextcloud_user, notes, household_id, admitted_on, left_on, status, restricted, "
    "updated_at, sort_name, custom, organization_id, number, pseudonym, created_at, version) "
    "VALUES (?, ?, ?, ?, NULL, ?, ?, NULL, NULL, NULL, '', NULL, ?, NULL, 'lapsed', 0, ?, ?, '{}', "
    "1, ?, ?, ?, 1)";

std::string two_digits(int n) {
  return std::string(1, char('0' + n / 10)) + char('0' + n % 10);
}

// Splits `line` on ';' (the generated file quotes nothing).
std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t pos = 0;
  while (true) {
    const std::size_t end = line.find(';', pos);
    fields.push_back(
        line.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return fields;
}

}  // namespace

std::string make_import_csv(std::size_t rows, std::uint64_t seed) {
  PeopleGenerator gen(seed);
  std::string csv =
      "\xEF\xBB\xBFNom;Prénom;Courriel;Téléphone;Code postal;Ville;Date d'adhésion\r\n";
  csv.reserve(rows * 110);
  for (std::size_t i = 0; i < rows; ++i) {
    Person p = gen.next();
    csv += p.last_name + ";" + p.first_name + ";" + p.email + ";" + p.phone + ";" + p.postcode +
           ";" + p.city + ";" + two_digits(gen.uniform(1, 28)) + "/" +
           two_digits(gen.uniform(1, 12)) + "/" + std::to_string(gen.uniform(2005, 2025)) + "\r\n";
  }
  return csv;
}

Result<ImportTiming> time_import_service(store::Database& db, const Clock& clock,
                                         const std::string& csv) {
  crypto::MemberKeyStore keys(":memory:");
  services::SensitiveValues sensitive(keys);
  services::ImportService imports(db, clock, sensitive);
  services::RequestInfo request;
  request.actor.kind = auth::Actor::Kind::user;
  request.actor.user_id = "admin";
  request.actor.local_admin = true;
  request.request_id = "bench-import";
  services::ImportOptions options;
  options.apply = true;
  options.file_name = "adherents.csv";
  const auto started = std::chrono::steady_clock::now();
  auto report = imports.run(request, 1, csv, options);
  const double seconds = Seconds(std::chrono::steady_clock::now() - started).count();
  if (!report)
    return make_error(ErrorKind::internal, "bench", "import failed: " + report.error().detail);
  if (!report->applied || report->invalid != 0 || report->created != report->rows) {
    std::string detail = "import did not create every row: " + std::to_string(report->created) +
                         " created, " + std::to_string(report->invalid) + " invalid of " +
                         std::to_string(report->rows);
    for (const auto& line : report->lines) {
      if (line.outcome != "error") continue;
      detail += "\n  line " + std::to_string(line.line) + ":";
      for (const auto& e : line.errors)
        detail += " " + e.field + " " + e.message + ";";
      if (detail.size() > 2000) break;
    }
    return make_error(ErrorKind::internal, "bench", detail);
  }
  return ImportTiming{seconds, report->created};
}

Result<ImportTiming> time_bare_insert(store::Database& db, const Clock& clock,
                                      const std::string& csv) {
  auto lease = db.acquire();
  if (!lease) return std::move(lease).error();
  const std::string now = format_utc(clock.now());
  const auto started = std::chrono::steady_clock::now();
  ImportTiming timing;
  auto done = store::in_write_transaction(
      lease->db(), "bare insert", [&](SQLite::Database& connection) -> Status {
        SQLite::Statement insert(connection, kBareInsert);
        std::string_view rest(csv);
        if (rest.rfind("\xEF\xBB\xBF", 0) == 0) rest.remove_prefix(3);
        rest.remove_prefix(rest.find("\r\n") + 2);  // the header
        std::int64_t number = 0;
        while (!rest.empty()) {
          const std::size_t end = rest.find("\r\n");
          const auto f = split(rest.substr(0, end));
          rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 2);
          if (f.size() != 7)
            return make_error(ErrorKind::internal, "bench", "a generated row has not 7 fields");
          domain::Member m;
          m.last_name = f[0];
          m.first_name = f[1];
          const std::string_view d = f[6];  // dd/mm/yyyy
          const std::string admitted = std::string(d.substr(6, 4)) + "-" +
                                       std::string(d.substr(3, 2)) + "-" +
                                       std::string(d.substr(0, 2));
          int i = 1;
          insert.bind(i++, m.first_name);
          insert.bind(i++, m.last_name);
          insert.bind(i++, std::string(f[2]));
          insert.bind(i++, std::string(f[3]));
          insert.bind(i++, std::string(f[4]));
          insert.bind(i++, std::string(f[5]));
          insert.bind(i++, admitted);
          insert.bind(i++, now);
          insert.bind(i++, domain::member_sort_name(m));
          insert.bind(i++, ++number);
          insert.bind(i++, crypto::random_hex(16));
          insert.bind(i++, now);
          insert.exec();
          insert.reset();
        }
        timing.created = std::size_t(number);
        return ok_status();
      });
  if (!done) return std::move(done).error();
  timing.seconds = Seconds(std::chrono::steady_clock::now() - started).count();
  return timing;
}

}  // namespace registre::bench
