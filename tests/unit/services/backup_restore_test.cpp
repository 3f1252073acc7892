// Backup and restore on real files: a backup taken while another thread writes, a restore that
// re-applies the erasure journal, and the restores that must refuse and change nothing.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "auth/authorizer.hpp"
#include "crypto/file_digest.hpp"
#include "crypto/key_store.hpp"
#include "crypto/member_key_store.hpp"
#include "crypto/sodium.hpp"
#include "services/backup_service.hpp"
#include "services/erasure_service.hpp"
#include "services/member_service.hpp"
#include "services/organization_service.hpp"
#include "services/restore_service.hpp"
#include "store/erasure_journal.hpp"
#include "store/member_store.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_file.hpp"
#include "test_support/no_directory.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace std::chrono;
namespace fs = std::filesystem;

namespace {

using test_support::NoGroups;
using test_support::NoRoles;

// The services of a running register on the files of `storage`, as Application builds them.
struct Register {
  FixedClock clock{time_point_cast<milliseconds>(sys_days{year{2027} / 6 / 1} + hours{10})};
  std::unique_ptr<store::Database> db;
  std::unique_ptr<crypto::MemberKeyStore> member_keys;
  std::unique_ptr<services::SensitiveValues> sensitive;
  std::unique_ptr<store::ErasureJournal> journal;
  std::unique_ptr<services::MemberService> members;
  std::unique_ptr<services::ErasureService> erasures;
  services::RequestInfo admin;

  explicit Register(const std::string& storage) {
    REQUIRE(crypto::initialize());
    auto opened =
        store::Database::open({storage + "/registre.sqlite3"}, store::embedded_migrations());
    REQUIRE(opened.ok());
    db = std::move(opened).value();
    member_keys = std::make_unique<crypto::MemberKeyStore>(storage);
    sensitive = std::make_unique<services::SensitiveValues>(*member_keys);
    journal = std::make_unique<store::ErasureJournal>(storage);
    members = std::make_unique<services::MemberService>(*db, clock, *sensitive);
    erasures = std::make_unique<services::ErasureService>(*db, clock, *sensitive, *journal);
    admin.actor = {auth::Actor::Kind::user, "admin", false};
  }

  void seed() {
    NoGroups groups;
    NoRoles roles;
    auth::Authorizer authorizer{groups, roles};
    services::OrganizationService orgs(*db, clock, authorizer);
    REQUIRE(orgs.seed_demo_if_empty().ok());
    domain::FieldDefinition health;
    health.organization_id = 1;
    health.key = "sante";
    health.label = "Santé";
    health.type = "text";
    health.classification = "sensitive";
    REQUIRE(members->create_field(admin, health).ok());
  }

  domain::Member create(const std::string& name) {
    domain::MemberChanges c;
    c.last_name = name;
    c.email = name + "@exemple.org";
    c.custom = {{"sante", "secret-" + name}};
    auto created = members->create(admin, 1, c, std::nullopt);
    REQUIRE(created.ok());
    return created->member;
  }

  void erase(const domain::Member& m) {
    std::int64_t version = 0;
    {
      auto lease = db->acquire();
      REQUIRE(lease.ok());
      auto current = store::get_member(lease->db(), 1, m.id);
      REQUIRE(current.ok());
      version = current->version;
    }
    REQUIRE(erasures->erase(admin, 1, m.id, version, std::nullopt).ok());
  }
};

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every file under `dir` (relative path -> BLAKE2b), to show that nothing changed.
std::map<std::string, std::string> snapshot(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    files[fs::relative(e.path(), dir).string()] =
        crypto::blake2b_256_file_hex(e.path().string()).value();
  }
  return files;
}

std::string only_backup_in(const std::string& dir) {
  std::string found;
  for (const auto& e : fs::directory_iterator(dir)) {
    CHECK(found.empty());
    found = e.path().string();
  }
  return found;
}

int mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return static_cast<int>(st.st_mode & 0777);
}

}  // namespace

TEST_CASE("a backup taken while another thread writes holds every write committed before it") {
  test_support::TempDir storage, backups;
  Register r(storage.path());
  r.seed();
  for (int i = 0; i < 200; ++i)
    r.create("Avant" + std::to_string(i));
  crypto::KeyStore ledger_keys(storage.path());
  REQUIRE(ledger_keys.ledger_signing_key().ok());

  // The writer records each member once its creation has committed.
  std::mutex mutex;
  std::vector<std::int64_t> committed;
  std::atomic<bool> stop{false};
  std::atomic<bool> writer_failed{false};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      domain::MemberChanges c;
      c.last_name = "Pendant" + std::to_string(i);
      c.custom = {{"sante", "valeur" + std::to_string(i)}};
      auto created = r.members->create(r.admin, 1, c, std::nullopt);
      if (!created) {  // doctest's assertions belong to the test's thread
        writer_failed = true;
        return;
      }
      std::lock_guard lock(mutex);
      committed.push_back(created->member.id);
    }
  });
  // Let the writer run a little, then take the backup one page per step.
  while (!writer_failed) {
    std::this_thread::sleep_for(milliseconds(5));
    std::lock_guard lock(mutex);
    if (committed.size() >= 20) break;
  }
  std::vector<std::int64_t> before;
  {
    std::lock_guard lock(mutex);
    before = committed;
  }
  const auto started = steady_clock::now();
  auto backup = services::create_backup(storage.path(), backups.path(), r.clock, 1);
  const auto took = duration_cast<milliseconds>(steady_clock::now() - started).count();
  std::size_t during = 0;
  {
    std::lock_guard lock(mutex);
    during = committed.size() - before.size();
  }
  stop = true;
  writer.join();
  CHECK_FALSE(writer_failed);
  REQUIRE_MESSAGE(backup.ok(), backup.error().detail);
  MESSAGE("backup: " << backup->pages_copied << " pages in " << backup->steps << " steps, " << took
                     << " ms; members created by the writer during it: " << during);
  CHECK(backup->steps > 100);

  const std::string dir = backup->directory;
  CHECK(fs::path(dir).filename().string() == "registre-backup-20270601T100000000Z");
  CHECK(only_backup_in(backups.path()) == dir);  // no temporary directory left
  CHECK(store::integrity_check(dir + "/registre.sqlite3").value() == "ok");
  {
    SQLite::Database copy(dir + "/registre.sqlite3", SQLite::OPEN_READONLY);
    CHECK(copy.execAndGet("PRAGMA journal_mode").getString() == "delete");  // one file
    for (std::int64_t id : before) {
      SQLite::Statement q(copy, "SELECT count(*) FROM members WHERE id = ?");
      q.bind(1, id);
      REQUIRE(q.executeStep());
      CHECK_MESSAGE(q.getColumn(0).getInt() == 1,
                    "member " << id << " committed before the backup");
    }
    CHECK(copy.execAndGet("SELECT count(*) FROM members WHERE last_name LIKE 'Avant%'").getInt() ==
          200);
  }
  // Keys in the backup, private; the manifest's checksums are those of the files.
  const auto& m = backup->manifest;
  CHECK(m.schema_version == store::embedded_migrations().back().version);
  CHECK(m.erasure_journal_position == 0);
  REQUIRE(m.files.size() == 3);
  for (const auto& f : m.files) {
    CHECK(crypto::blake2b_256_file_hex(dir + "/" + f.path).value() == f.blake2b256);
    CHECK(fs::file_size(dir + "/" + f.path) == f.bytes);
    CHECK(mode_of(dir + "/" + f.path) == 0600);
  }
  CHECK(mode_of(dir) == 0700);
  CHECK(mode_of(dir + "/keys") == 0700);
  CHECK(read_bytes(dir + "/keys/registre.keys") == read_bytes(ledger_keys.file_path()));
  auto parsed = services::parse_manifest(read_bytes(dir + "/manifest.json"));
  REQUIRE(parsed.ok());
  CHECK(parsed->created_at == "2027-06-01T10:00:00.000Z");
  CHECK(parsed->files.size() == 3);

  // A second backup in the same millisecond does not overwrite the first.
  CHECK_FALSE(services::create_backup(storage.path(), backups.path(), r.clock).ok());
  CHECK(only_backup_in(backups.path()) == dir);
}

TEST_CASE("a backup of a directory without a register fails and leaves nothing") {
  test_support::TempDir storage, backups;
  FixedClock clock{time_point_cast<milliseconds>(sys_days{year{2027} / 6 / 1})};
  auto backup = services::create_backup(storage.path(), backups.path() + "/x", clock);
  REQUIRE_FALSE(backup.ok());
  CHECK(backup.error().kind == ErrorKind::not_found);
  CHECK_FALSE(fs::exists(backups.path() + "/x"));
}

TEST_CASE("restoring a backup taken before an erasure does not bring the member back") {
  test_support::TempDir storage, backups;
  domain::Member erased, kept, late;
  std::string backup_dir, ledger_key_file;
  crypto::MemberKey kept_key{};
  {
    Register r(storage.path());
    r.seed();
    erased = r.create("Oubliee");
    kept = r.create("Gardee");
    crypto::KeyStore ledger_keys(storage.path());
    REQUIRE(ledger_keys.ledger_signing_key().ok());
    ledger_key_file = read_bytes(ledger_keys.file_path());
    auto backup = services::create_backup(storage.path(), backups.path(), r.clock);
    REQUIRE_MESSAGE(backup.ok(), backup.error().detail);
    backup_dir = backup->directory;
    // After the backup: the first member is erased; another is created and erased too.
    r.clock.advance(hours{1});
    r.erase(erased);
    late = r.create("Tardive");
    r.erase(late);
    kept_key = r.member_keys->key_of(kept.pseudonym, false).value().value();
    auto journal = r.journal->read();
    REQUIRE(journal.ok());
    CHECK(journal->erasures.size() == 2);
  }  // the service stops
  // The key store file changes after the backup: the restore must bring the backup's back.
  {
    std::ofstream damaged(storage.file("keys/registre.keys"), std::ios::trunc);
    damaged << "registre-keys-v1\nledger-signing-ed25519 00\n";
  }

  FixedClock clock{time_point_cast<milliseconds>(sys_days{year{2027} / 6 / 2})};
  auto restored = services::restore_backup(storage.path(), backup_dir, clock);
  REQUIRE_MESSAGE(restored.ok(), restored.error().detail);
  CHECK(restored->replay.journal_erasures == 2);
  CHECK(restored->replay.after_backup == 2);
  REQUIRE(restored->replay.reapplied.size() == 1);
  CHECK(restored->replay.reapplied[0].member_id == erased.id);
  CHECK(restored->replay.already_gone == 1);  // the late member was never in the backup
  CHECK(restored->replay.keys_destroyed >= 1);
  CHECK(restored->restored.size() == 3);
  // The replaced files were set aside, not deleted.
  bool db_aside = false, keys_aside = false;
  for (const auto& p : restored->set_aside) {
    db_aside = db_aside ||
               fs::path(p).filename().string().rfind("registre.sqlite3.before-restore-", 0) == 0;
    keys_aside = keys_aside ||
                 fs::path(p).filename().string().rfind("registre.keys.before-restore-", 0) == 0;
    CHECK(fs::exists(p));
  }
  CHECK(db_aside);
  CHECK(keys_aside);
  CHECK(read_bytes(storage.file("keys/registre.keys")) == ledger_key_file);
  for (const auto& e : fs::directory_iterator(storage.path()))
    CHECK(e.path().filename().string().rfind(".restore-", 0) != 0);  // no staging left

  {
    Register after(storage.path());
    auto lease = after.db->acquire();
    REQUIRE(lease.ok());
    SQLite::Database& db = lease->db();
    CHECK(db.execAndGet(
                "SELECT count(*) FROM members WHERE last_name = 'Oubliee' OR email LIKE 'oubliee%'")
              .getInt() == 0);
    CHECK(db.execAndGet("SELECT count(*) FROM members WHERE id = " + std::to_string(erased.id))
              .getInt() == 0);
    // The other member is intact, sealed values included.
    auto other = store::get_member(db, 1, kept.id);
    REQUIRE(other.ok());
    CHECK(other->last_name == "Gardee");
    REQUIRE(after.sensitive->open(other.value()).ok());
    CHECK(other->custom.find("secret-Gardee") != std::string::npos);
    CHECK(after.member_keys->key_of(kept.pseudonym, false).value().value() == kept_key);
    // The erased member's key stays destroyed: the sealed value in the backup opens no more.
    CHECK_FALSE(after.member_keys->key_of(erased.pseudonym, false).value().has_value());
    {
      SQLite::Database old(backup_dir + "/registre.sqlite3", SQLite::OPEN_READONLY);
      auto in_backup = store::get_member(old, 1, erased.id);
      REQUIRE(in_backup.ok());
      CHECK_FALSE(in_backup->sealed.empty());
      CHECK_FALSE(after.sensitive->open(in_backup.value()).ok());
    }
    // The audit log says the erasure was re-applied, and the late member's number stays taken.
    SQLite::Statement audit(db,
                            "SELECT count(*) FROM audit_log WHERE action = 'member.erased' AND "
                            "subject = ? AND fields LIKE '%erasureReapplied%'");
    audit.bind(1, "member:" + erased.pseudonym);
    REQUIRE(audit.executeStep());
    CHECK(audit.getColumn(0).getInt() == 1);
    CHECK(db.execAndGet("SELECT numbers_issued FROM organizations WHERE id = 1").getInt64() >=
          late.number);
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
  }
  // Nothing left of the erased member's words in the restored file (closed: its log is merged).
  CHECK_FALSE(fs::exists(storage.file("registre.sqlite3-wal")));
  // The search index keeps folded, lower-case words: compare lower-case bytes.
  std::string bytes = read_bytes(storage.file("registre.sqlite3"));
  std::transform(bytes.begin(), bytes.end(), bytes.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  CHECK(bytes.find("oubliee") == std::string::npos);
  CHECK(bytes.find("gardee") != std::string::npos);

  // The same backup restored again (same second): the files set aside first are kept, under
  // another name, and the erasure is re-applied again.
  const auto first_aside = restored->set_aside;
  auto again = services::restore_backup(storage.path(), backup_dir, clock);
  REQUIRE_MESSAGE(again.ok(), again.error().detail);
  CHECK(again->replay.reapplied.size() == 1);
  for (const auto& p : first_aside)
    CHECK(fs::exists(p));
  for (const auto& p : again->set_aside)
    CHECK(std::find(first_aside.begin(), first_aside.end(), p) == first_aside.end());
}

namespace {

// A storage directory with a register of two members, and one backup of it.
struct BackedUp {
  test_support::TempDir storage, backups;
  std::string backup_dir;
  BackedUp() {
    Register r(storage.path());
    r.seed();
    r.create("Premiere");
    r.create("Seconde");
    auto backup = services::create_backup(storage.path(), backups.path(), r.clock);
    REQUIRE(backup.ok());
    backup_dir = backup->directory;
    r.create("Troisieme");  // after the backup: the current files differ from the backup's
  }
};

}  // namespace

TEST_CASE("a restore refuses a damaged or altered backup and changes nothing") {
  BackedUp b;
  FixedClock clock{time_point_cast<milliseconds>(sys_days{year{2027} / 6 / 2})};
  const auto before = snapshot(b.storage.path());

  SUBCASE("a byte of the database changed") {
    std::fstream f(b.backup_dir + "/registre.sqlite3",
                   std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(5000);
    f.put('\x42');
  }
  SUBCASE("the member key store replaced") {
    std::ofstream(b.backup_dir + "/keys/member-keys.db", std::ios::trunc) << "nothing";
  }
  SUBCASE("a file missing") {
    fs::remove(b.backup_dir + "/keys/member-keys.db");
  }
  SUBCASE("the manifest missing") {
    fs::remove(b.backup_dir + "/manifest.json");
  }
  SUBCASE("the manifest names a file outside the backup") {
    std::string m = read_bytes(b.backup_dir + "/manifest.json");
    m.replace(m.find("keys/member-keys.db"), 19, "../../../etc/passwd");
    std::ofstream(b.backup_dir + "/manifest.json", std::ios::trunc) << m;
  }
  auto restored = services::restore_backup(b.storage.path(), b.backup_dir, clock);
  REQUIRE_FALSE(restored.ok());
  CHECK(restored.error().kind == ErrorKind::invalid);
  CHECK(restored.error().title == "invalid-backup");
  MESSAGE(restored.error().detail);
  CHECK(snapshot(b.storage.path()) == before);
}

TEST_CASE("a restore refuses while the service has the database open, and changes nothing") {
  BackedUp b;
  FixedClock clock{time_point_cast<milliseconds>(sys_days{year{2027} / 6 / 2})};
  Register running(b.storage.path());  // opens the database (and keeps a connection)
  const auto before = snapshot(b.storage.path());
  auto restored = services::restore_backup(b.storage.path(), b.backup_dir, clock);
  REQUIRE_FALSE(restored.ok());
  CHECK(restored.error().kind == ErrorKind::conflict);
  CHECK(restored.error().title == "database-in-use");
  CHECK(snapshot(b.storage.path()) == before);
}

TEST_CASE("a restore refuses a damaged erasure journal, and changes nothing") {
  BackedUp b;
  FixedClock clock{time_point_cast<milliseconds>(sys_days{year{2027} / 6 / 2})};
  std::ofstream(b.storage.file("erasure-journal"))
      << "registre-erasure-journal-v1\n1 2027-06-01T10:00:00.000Z erased 1 x 1 abc\n2 ok\n";
  const auto before = snapshot(b.storage.path());
  auto restored = services::restore_backup(b.storage.path(), b.backup_dir, clock);
  REQUIRE_FALSE(restored.ok());
  CHECK(restored.error().detail.find("line 2") != std::string::npos);
  CHECK(snapshot(b.storage.path()) == before);
}

TEST_CASE("a restore over a damaged database works, and keeps the damaged file aside") {
  BackedUp b;
  FixedClock clock{time_point_cast<milliseconds>(sys_days{year{2027} / 6 / 2})};
  std::ofstream(b.storage.file("registre.sqlite3"), std::ios::trunc) << "not a database at all";
  auto restored = services::restore_backup(b.storage.path(), b.backup_dir, clock);
  REQUIRE_MESSAGE(restored.ok(), restored.error().detail);
  REQUIRE_FALSE(restored->set_aside.empty());
  CHECK(read_bytes(restored->set_aside.front()) == "not a database at all");
  Register after(b.storage.path());
  auto lease = after.db->acquire();
  CHECK(lease->db().execAndGet("SELECT count(*) FROM members").getInt() == 2);
}
