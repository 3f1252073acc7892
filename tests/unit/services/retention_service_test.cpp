// The retention engine on a database file with an injected clock: every subject with its
// triggers and actions at fixed dates, holds, approvals, reviews, reports chained into the audit
// log, and the daily job's timing in the organisation's time zone (Europe/Paris).
#include "services/retention_service.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "crypto/member_key_store.hpp"
#include "crypto/sodium.hpp"
#include "services/consent_service.hpp"
#include "services/dues_service.hpp"
#include "services/member_service.hpp"
#include "services/organization_service.hpp"
#include "services/processing_register_service.hpp"
#include "services/public_link_service.hpp"
#include "services/purpose_service.hpp"
#include "services/subject_request_service.hpp"
#include "store/audit_store.hpp"
#include "test_support/no_directory.hpp"
#include "test_support/temp_dir.hpp"

using namespace registre;
using namespace std::chrono;
using domain::DelayUnit;
using domain::RetentionAction;
using domain::RetentionSubject;
using domain::RetentionTrigger;

namespace {

using test_support::NoGroups;
using test_support::NoRoles;

TimePoint at(int y, unsigned m, unsigned d, int hour_utc = 10) {
  return time_point_cast<milliseconds>(sys_days{year{y} / month{m} / day{d}} + hours{hour_utc});
}

struct Fixture {
  test_support::TempDir dir;
  std::unique_ptr<store::Database> db;
  FixedClock clock{at(2026, 3, 10)};
  NoGroups groups;
  NoRoles roles;
  auth::Authorizer authorizer{groups, roles};
  crypto::MemberKeyStore member_keys{dir.file("keys")};
  services::SensitiveValues sensitive{member_keys};
  store::ErasureJournal journal{dir.path()};
  std::unique_ptr<services::MemberService> members;
  std::unique_ptr<services::DuesService> dues;
  std::unique_ptr<services::RetentionService> retention;
  services::RequestInfo admin;

  Fixture() {
    REQUIRE(crypto::initialize());
    auto opened =
        store::Database::open({dir.file("registre.sqlite3")}, store::embedded_migrations());
    REQUIRE(opened.ok());
    db = std::move(opened).value();
    services::OrganizationService orgs(*db, clock, authorizer);
    REQUIRE(orgs.seed_demo_if_empty().ok());
    members = std::make_unique<services::MemberService>(*db, clock, sensitive);
    dues = std::make_unique<services::DuesService>(*db, clock);
    retention = std::make_unique<services::RetentionService>(*db, clock, sensitive, journal);
    admin.actor = {auth::Actor::Kind::user, "admin", false};
    approval(false);
  }

  void set_clock(TimePoint t) { clock.advance(t - clock.now()); }

  // The members the erasure journal lists.
  std::set<std::int64_t> journaled_ids() {
    auto contents = journal.read();
    REQUIRE(contents.ok());
    std::set<std::int64_t> ids;
    for (const auto& e : contents->erasures)
      ids.insert(e.member_id);
    return ids;
  }

  void approval(bool required) {
    services::RetentionSettings s;
    s.require_approval = required;
    s.batch_size = 2;  // several batches even with a handful of members
    REQUIRE(retention->change_settings(admin, 1, s).ok());
  }

  domain::Member add(const std::string& last_name,
                     std::optional<std::string> admitted = std::nullopt,
                     std::optional<std::string> left = std::nullopt) {
    domain::MemberChanges c;
    c.last_name = last_name;
    c.admitted_on = std::move(admitted);
    c.left_on = std::move(left);
    c.birth_date = "1980-05-17";
    c.postcode = "69003";
    auto created = members->create(admin, 1, c, std::nullopt);
    REQUIRE_MESSAGE(created.ok(), created.error().detail);
    return created->member;
  }

  domain::RetentionRule rule(RetentionSubject s, RetentionTrigger t, std::int64_t amount,
                             DelayUnit unit, RetentionAction a) {
    domain::RetentionRule r;
    r.subject = s;
    r.trigger = t;
    r.delay = {amount, unit};
    r.action = a;
    r.description = "test rule";
    auto created = retention->create_rule(admin, 1, r);
    REQUIRE_MESSAGE(created.ok(), created.error().detail);
    return created.value();
  }

  std::int64_t year_type() {
    store::MembershipType t;
    t.organization_id = 1;
    t.name = "Annuelle";
    t.period = "calendar_year";
    t.amount_cents = 2000;
    auto created = dues->create_type(admin, t);
    REQUIRE(created.ok());
    return created->id;
  }

  void pay(std::int64_t member_id, std::int64_t type_id, const std::string& start) {
    services::DuesService::MembershipDraft d;
    d.type_id = type_id;
    d.starts_on = start;
    d.paid_on = start;
    d.payment_method = "cash";
    d.reference = "REF-" + start;
    auto recorded = dues->record(admin, 1, member_id, d);
    REQUIRE_MESSAGE(recorded.ok(), recorded.error().detail);
  }

  std::int64_t count(const std::string& sql) {
    auto lease = db->acquire();
    return lease->db().execAndGet(sql).getInt64();
  }
  bool exists(std::int64_t member_id) {
    return count("SELECT count(*) FROM members WHERE id = " + std::to_string(member_id)) == 1;
  }

  services::RetentionService::Preview preview(const std::string& on) {
    auto p = retention->preview(admin, 1, on);
    REQUIRE_MESSAGE(p.ok(), p.error().detail);
    return p.value();
  }
  std::vector<std::int64_t> due_ids(const std::string& on, std::size_t rule_index = 0) {
    auto p = preview(on);
    REQUIRE(p.rules.size() > rule_index);
    std::vector<std::int64_t> ids;
    for (const auto& i : p.rules[rule_index].items)
      ids.push_back(i.record.target_id);
    return ids;
  }
  services::RetentionService::RunView run() {
    auto r = retention->run_now(admin, 1);
    REQUIRE_MESSAGE(r.ok(), r.error().detail);
    return r.value();
  }
  std::string outcome_of(const services::RetentionService::RunView& v, std::int64_t target) {
    for (const auto& i : v.items)
      if (i.target_id == target) return i.outcome.value_or("");
    return "absent";
  }
};

using Ids = std::vector<std::int64_t>;

}  // namespace

TEST_CASE("former members by date left: due on the calendar date, 29 February included") {
  Fixture f;
  const auto left_1march = f.add("Mars", "2020-01-01", "2026-03-01");
  const auto left_2march = f.add("Lendemain", "2020-01-01", "2026-03-02");
  const auto active = f.add("Actif", "2020-01-01");
  f.rule(RetentionSubject::former_members, RetentionTrigger::date_left, 3, DelayUnit::years,
         RetentionAction::erase);
  CHECK(f.due_ids("2029-02-28").empty());
  CHECK(f.due_ids("2029-03-01") == Ids{left_1march.id});
  CHECK(f.due_ids("2029-03-02") == Ids{left_1march.id, left_2march.id});
  const auto p = f.preview("2029-03-01");
  CHECK(p.rules[0].items[0].trigger_date == "2026-03-01");
  CHECK(p.rules[0].items[0].due_on == "2029-03-01");
  CHECK(p.rules[0].items[0].state == "due");

  // 28 February 2029 in Paris: nothing is due yet, so the run does nothing.
  f.set_clock(at(2029, 2, 28, 22));  // 23:00 in Paris
  CHECK(f.run().items.empty());
  f.set_clock(at(2029, 2, 28, 23));  // 00:00 on 1 March in Paris
  const auto done = f.run();
  CHECK(f.outcome_of(done, left_1march.id) == "erased");
  CHECK_FALSE(f.exists(left_1march.id));
  CHECK(f.exists(left_2march.id));
  CHECK(f.exists(active.id));
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'member.erased' AND fields LIKE "
                "'%retentionRun:" +
                std::to_string(done.run.id) + "%'") == 1);
  // The erasure journal (kept outside the database for restores) lists it.
  CHECK(f.journaled_ids() == std::set<std::int64_t>{left_1march.id});

  // 29 February: a member who left then is due a year later on 28 February.
  Fixture g;
  g.set_clock(at(2028, 3, 1));
  const auto leap = g.add("Bissextile", "2020-01-01", "2028-02-29");
  g.rule(RetentionSubject::former_members, RetentionTrigger::date_left, 1, DelayUnit::years,
         RetentionAction::erase);
  CHECK(g.due_ids("2029-02-27").empty());
  CHECK(g.due_ids("2029-02-28") == Ids{leap.id});
}

TEST_CASE(
    "former members by end of last membership, anonymised: statistics stay, the person goes") {
  Fixture f;
  f.set_clock(at(2023, 6, 1));
  const auto type = f.year_type();
  const auto paid_long_ago = f.add("Ancien", "2020-01-01");
  f.pay(paid_long_ago.id, type, "2021-01-01");
  f.pay(paid_long_ago.id, type, "2022-01-01");
  const auto paid_recently = f.add("Recent", "2020-01-01");
  f.pay(paid_recently.id, type, "2023-01-01");
  f.set_clock(at(2024, 1, 10));
  domain::MemberChanges leave;
  leave.left_on = "2024-01-05";
  for (const auto id : {paid_long_ago.id, paid_recently.id}) {
    const auto current = f.members->get(f.admin, 1, id);
    REQUIRE(current.ok());
    REQUIRE(f.members->update(f.admin, 1, id, current->version, leave).ok());
  }
  f.rule(RetentionSubject::former_members, RetentionTrigger::end_of_last_membership, 2,
         DelayUnit::years, RetentionAction::anonymise);
  // Last memberships ended 31/12/2022 and 31/12/2023: due 31/12/2024 and 31/12/2025.
  CHECK(f.due_ids("2024-12-30").empty());
  CHECK(f.due_ids("2024-12-31") == Ids{paid_long_ago.id});
  f.set_clock(at(2025, 1, 2));
  const auto done = f.run();
  CHECK(f.outcome_of(done, paid_long_ago.id) == "anonymised");
  CHECK_FALSE(f.exists(paid_long_ago.id));
  CHECK(f.exists(paid_recently.id));
  CHECK(
      f.count("SELECT count(*) FROM member_statistics WHERE birth_year = 1980 AND department = '69'"
              " AND joined_year = 2020 AND left_year = 2024 AND membership_years = 2") == 1);
  // The accounting lines stay, without their member or payment reference.
  CHECK(f.count("SELECT count(*) FROM memberships WHERE member_id IS NULL AND reference IS NULL") ==
        2);
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'member.anonymised'") == 1);
}

TEST_CASE(
    "applicants never admitted by application date; lapsed members by end of last membership, "
    "reviewed") {
  Fixture f;
  f.set_clock(at(2026, 1, 15));
  const auto applicant = f.add("Candidat");
  const auto type = f.year_type();
  const auto lapsed = f.add("Parti", "2024-01-01");
  f.pay(lapsed.id, type, "2024-01-01");
  f.set_clock(at(2026, 2, 1));
  const auto later_applicant = f.add("Tardif");
  REQUIRE(f.members->refresh_all_statuses().ok());
  f.rule(RetentionSubject::applicants, RetentionTrigger::application_date, 6, DelayUnit::months,
         RetentionAction::erase);
  f.rule(RetentionSubject::lapsed_members, RetentionTrigger::end_of_last_membership, 2,
         DelayUnit::years, RetentionAction::review);
  CHECK(f.due_ids("2026-07-14", 0).empty());
  CHECK(f.due_ids("2026-07-15", 0) == Ids{applicant.id});
  CHECK(f.due_ids("2026-12-30", 1).empty());  // ended 31/12/2024, due 31/12/2026
  CHECK(f.due_ids("2026-12-31", 1) == Ids{lapsed.id});

  f.set_clock(at(2027, 1, 2));
  const auto done = f.run();
  CHECK(f.outcome_of(done, applicant.id) == "erased");
  CHECK(f.outcome_of(done, later_applicant.id) == "erased");
  CHECK(f.outcome_of(done, lapsed.id) == "review-opened");
  CHECK(f.journaled_ids() == std::set<std::int64_t>{applicant.id, later_applicant.id});
  CHECK(f.exists(lapsed.id));  // a review waits for a person
  auto pending = f.retention->reviews(1, true);
  REQUIRE(pending.ok());
  REQUIRE(pending->size() == 1);
  // The next run does not open a second review.
  CHECK(f.outcome_of(f.run(), lapsed.id) == "review-already-open");
  // Keeping needs a reason and a date; it becomes a legal hold.
  auto refused = f.retention->decide_review(f.admin, 1, pending->front().id, "keep", std::nullopt,
                                            std::nullopt);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().fields.size() == 2);
  auto kept = f.retention->decide_review(f.admin, 1, pending->front().id, "keep",
                                         std::string("Litige en cours"), std::string("2027-06-30"));
  REQUIRE(kept.ok());
  CHECK(kept->decision == "keep");
  CHECK(f.outcome_of(f.run(), lapsed.id) == "held");
  auto again = f.retention->decide_review(f.admin, 1, pending->front().id, "erase", std::nullopt,
                                          std::nullopt);
  CHECK(again.error().kind == ErrorKind::conflict);
  // After the hold, the next review is decided "erase": the member is erased at once.
  f.set_clock(at(2027, 7, 2));
  CHECK(f.outcome_of(f.run(), lapsed.id) == "review-opened");
  pending = f.retention->reviews(1, true);
  REQUIRE(pending->size() == 1);
  // A hold placed after the review opened wins over an "erase" decision.
  auto late_hold = f.retention->place_hold(f.admin, 1, lapsed.id, "Succession", "2027-12-31");
  REQUIRE(late_hold.ok());
  auto blocked = f.retention->decide_review(f.admin, 1, pending->front().id, "erase", std::nullopt,
                                            std::nullopt);
  REQUIRE_FALSE(blocked.ok());
  CHECK(blocked.error().kind == ErrorKind::conflict);
  CHECK(f.exists(lapsed.id));
  REQUIRE(f.retention->release_hold(f.admin, 1, late_hold->id).ok());
  REQUIRE(f.retention
              ->decide_review(f.admin, 1, pending->front().id, "erase", std::nullopt, std::nullopt)
              .ok());
  CHECK_FALSE(f.exists(lapsed.id));
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'member.erased' AND fields LIKE "
                "'%retentionReview%'") == 1);
  CHECK(f.journaled_ids() == std::set<std::int64_t>{applicant.id, later_applicant.id, lapsed.id});
}

TEST_CASE(
    "records: consent evidence after withdrawal, audit entries, dues, expired links, closed "
    "requests") {
  Fixture f;
  f.set_clock(at(2020, 1, 10));
  const auto member = f.add("Témoin", "2019-01-01");
  const auto type = f.year_type();
  f.pay(member.id, type, "2019-01-01");
  f.pay(member.id, type, "2020-01-01");
  services::PurposeService purposes(*f.db, f.clock);
  auto purpose = purposes.adopt_preset(f.admin, 1, "newsletter", "fr");
  REQUIRE(purpose.ok());
  services::ConsentService consents(*f.db, f.clock);
  REQUIRE(consents
              .record(f.admin, 1, member.id,
                      {purpose->purpose.id, std::nullopt, "given", "paper", "Fiche papier 12"})
              .ok());
  f.set_clock(at(2020, 2, 1));
  REQUIRE(consents
              .record(f.admin, 1, member.id,
                      {purpose->purpose.id, std::nullopt, "withdrawn", "paper", "Courrier"})
              .ok());
  services::PublicLinkService links(*f.db, f.clock);
  REQUIRE(links.create(f.admin, 1, member.id, 30).ok());  // expires 2 March 2020
  services::SubjectRequestService requests(*f.db, f.clock);
  auto request =
      requests.open(f.admin, 1, {"access", std::string("2020-02-01"), member.id, std::nullopt});
  REQUIRE(request.ok());
  REQUIRE(requests.close(f.admin, 1, request->request.id, "closed", "Envoyé par courrier").ok());

  f.rule(RetentionSubject::consent_evidence, RetentionTrigger::withdrawal_date, 5, DelayUnit::years,
         RetentionAction::erase);
  f.rule(RetentionSubject::dues_records, RetentionTrigger::end_of_last_membership, 5,
         DelayUnit::years, RetentionAction::anonymise);
  f.rule(RetentionSubject::dues_records, RetentionTrigger::creation_date, 10, DelayUnit::years,
         RetentionAction::erase);
  f.rule(RetentionSubject::expired_public_links, RetentionTrigger::closing_date, 3,
         DelayUnit::months, RetentionAction::erase);
  f.rule(RetentionSubject::closed_requests, RetentionTrigger::closing_date, 5, DelayUnit::years,
         RetentionAction::erase);
  f.rule(RetentionSubject::audit_entries, RetentionTrigger::creation_date, 5, DelayUnit::years,
         RetentionAction::erase);
  f.set_clock(at(2020, 6, 3));
  auto early = f.run();
  CHECK(early.items.size() == 1);  // the link: expired 2 March, + 3 months = 2 June
  CHECK(early.items[0].target_kind == "public_link");
  CHECK(early.items[0].outcome == "erased");
  CHECK(f.count("SELECT count(*) FROM public_links") == 0);
  CHECK(f.count("SELECT count(*) FROM consent_evidence") == 2);

  // 2025-02-01 in Paris: the withdrawal (1 Feb 2020) is 5 years old, so is the closed request.
  f.set_clock(at(2025, 2, 1));
  // Entries up to the end of 1 February 2020 in Paris (23:00 UTC) are 5 years old.
  const std::int64_t entries_before = f.count(
      "SELECT count(*) FROM audit_log WHERE organization_id = 1 AND at < "
      "'2020-02-01T23:00:00.000Z'");
  auto done = f.run();
  std::map<std::string, int> outcomes;
  for (const auto& i : done.items)
    ++outcomes[i.target_kind + ":" + i.outcome.value_or("")];
  CHECK(outcomes["consent_withdrawal:erased"] == 1);
  CHECK(outcomes["subject_request:erased"] == 1);
  CHECK(outcomes["membership:anonymised"] == 1);  // ended 31/12/2019; the 2020 one ends 31/12/2020
  CHECK(outcomes["audit_entry:redacted"] == entries_before);
  CHECK(f.count("SELECT count(*) FROM consent_evidence") == 0);
  CHECK(f.count("SELECT count(*) FROM consent_events") == 2);  // the ledger stays
  CHECK(f.count("SELECT count(*) FROM subject_requests") == 0);
  CHECK(f.count("SELECT count(*) FROM memberships WHERE member_id IS NULL") == 1);
  CHECK(f.exists(member.id));
  // Redacted entries keep the chain linked; their content is gone.
  auto lease = f.db->acquire();
  auto verified = store::verify_audit_chain(lease->db());
  REQUIRE(verified.ok());
  CHECK_FALSE(verified->first_broken_id.has_value());
  CHECK(verified->entries_redacted == entries_before);
  CHECK(
      f.count(
          "SELECT count(*) FROM audit_log WHERE redacted = 1 AND (actor <> '' OR subject <> '')") ==
      0);
  // A redacted entry cannot be rewritten otherwise.
  CHECK_THROWS(lease->db().exec("UPDATE audit_log SET action = 'x' WHERE redacted = 1"));
  CHECK_THROWS(lease->db().exec("UPDATE audit_log SET actor = 'x' WHERE redacted = 0"));

  // Ten years after their creation, both dues lines are erased.
  f.set_clock(at(2030, 1, 11));
  auto later = f.run();
  CHECK(f.count("SELECT count(*) FROM memberships") == 0);
  (void)later;
}

TEST_CASE("a legal hold blocks every action on the member, shows in the preview, and ends") {
  Fixture f;
  const auto held = f.add("Retenu", "2020-01-01", "2026-03-01");
  const auto free = f.add("Libre", "2020-01-01", "2026-03-01");
  f.rule(RetentionSubject::former_members, RetentionTrigger::date_left, 1, DelayUnit::days,
         RetentionAction::erase);
  auto refused = f.retention->place_hold(f.admin, 1, held.id, "", "2026-01-01");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().fields.size() == 1);  // the reason; the date is checked once it is read
  auto past = f.retention->place_hold(f.admin, 1, held.id, "Contentieux prud'homal", "2026-03-01");
  CHECK(past.error().fields[0].field == "until");
  auto hold = f.retention->place_hold(f.admin, 1, held.id, "Contentieux prud'homal", "2026-12-31");
  REQUIRE(hold.ok());
  auto listed = f.retention->holds(f.admin, 1);
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().reason == "Contentieux prud'homal");
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'retention.holds.listed'"
                " AND fields = '[\"count:1\"]' AND actor = 'user:admin'") == 1);
  const auto p = f.preview("2026-03-11");
  REQUIRE(p.rules[0].items.size() == 2);
  CHECK(p.rules[0].items[0].state == "held");
  CHECK(p.rules[0].items[0].hold->until_on == "2026-12-31");
  CHECK(p.rules[0].items[1].state == "due");
  auto why = f.retention->explain(f.admin, 1, held.id, std::string("2026-03-11"));
  REQUIRE(why.ok());
  CHECK(why->front().reason == "held");
  const auto done = f.run();
  CHECK(f.outcome_of(done, held.id) == "held");
  CHECK(f.outcome_of(done, free.id) == "erased");
  CHECK(f.exists(held.id));
  // The hold is over on 1 January 2027: the member is due again.
  CHECK(f.preview("2027-01-01").rules[0].items[0].state == "due");
  REQUIRE(f.retention->release_hold(f.admin, 1, hold->id).ok());
  CHECK(f.retention->release_hold(f.admin, 1, hold->id).error().kind == ErrorKind::conflict);
  CHECK(f.outcome_of(f.run(), held.id) == "erased");
}

TEST_CASE("erase rules wait for the approval of the current preview; a stale one is refused") {
  Fixture f;
  f.approval(true);
  const auto first = f.add("Premier", "2020-01-01", "2026-03-01");
  f.rule(RetentionSubject::former_members, RetentionTrigger::date_left, 1, DelayUnit::days,
         RetentionAction::erase);
  auto p = f.preview("2026-03-10");
  CHECK(p.approval_required);
  CHECK(p.rules[0].items[0].state == "awaiting-approval");
  CHECK(f.outcome_of(f.run(), first.id) == "awaiting-approval");
  CHECK(f.exists(first.id));
  // Another member falls due after the preview: approving it is refused, nothing recorded.
  const auto second = f.add("Second", "2020-01-01", "2026-03-02");
  auto stale = f.retention->approve(f.admin, 1, "2026-03-10", p.hash);
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.error().kind == ErrorKind::conflict);
  CHECK(stale.error().fields[0].field == "previewHash");
  CHECK(f.count("SELECT count(*) FROM retention_approvals") == 0);
  CHECK(f.retention->approve(f.admin, 1, "yesterday", p.hash).error().fields[0].field == "on");
  // The current preview approved; a third member due later is not in it.
  p = f.preview("2026-03-10");
  auto approved = f.retention->approve(f.admin, 1, "2026-03-10", p.hash);
  REQUIRE(approved.ok());
  CHECK(approved->items == 2);
  const auto third = f.add("Troisieme", "2020-01-01", "2026-03-03");
  const auto done = f.run();
  CHECK(f.outcome_of(done, first.id) == "erased");
  CHECK(f.outcome_of(done, second.id) == "erased");
  CHECK(f.outcome_of(done, third.id) == "awaiting-approval");
  CHECK(f.exists(third.id));
  // Changing the rule voids the approvals given under its earlier version.
  auto rules = f.retention->rules(1);
  auto changed = rules->front();
  changed.delay = {2, DelayUnit::days};
  REQUIRE(f.retention->change_rule(f.admin, 1, changed).ok());
  CHECK(f.preview("2026-03-10").rules[0].items[0].state == "awaiting-approval");
}

TEST_CASE("bad rules are refused with the field named, and change nothing") {
  Fixture f;
  domain::RetentionRule r;
  r.subject = RetentionSubject::former_members;
  r.trigger = RetentionTrigger::closing_date;
  r.delay = {0, DelayUnit::years};
  r.action = RetentionAction::erase;
  r.description = "x";
  auto bad = f.retention->create_rule(f.admin, 1, r);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().fields.size() == 2);
  f.rule(RetentionSubject::former_members, RetentionTrigger::date_left, 1, DelayUnit::years,
         RetentionAction::anonymise);
  r.trigger = RetentionTrigger::date_left;
  r.delay = {2, DelayUnit::years};
  auto contradiction = f.retention->create_rule(f.admin, 1, r);
  REQUIRE_FALSE(contradiction.ok());
  CHECK(contradiction.error().kind == ErrorKind::conflict);
  CHECK(f.count("SELECT count(*) FROM retention_rules") == 1);
  // A stale version of a rule is refused.
  auto rules = f.retention->rules(1);
  auto stale = rules->front();
  stale.version = 7;
  CHECK(f.retention->change_rule(f.admin, 1, stale).error().kind == ErrorKind::precondition_failed);
  // Settings out of range.
  services::RetentionSettings s;
  s.run_at = "25:00";
  s.notice_days = 365;
  s.batch_size = 0;
  auto refused = f.retention->change_settings(f.admin, 1, s);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().fields.size() == 3);
  CHECK(f.retention->settings(1)->batch_size == 2);
  CHECK_FALSE(f.retention->preview(f.admin, 1, std::string("31/02/2026")).ok());
}

TEST_CASE("defaults are adopted, refused, and adopted after all; each becomes an ordinary rule") {
  Fixture f;
  auto presets = f.retention->presets(1);
  REQUIRE(presets.ok());
  CHECK(std::all_of(presets->begin(), presets->end(),
                    [](const auto& p) { return p.state == "open"; }));
  auto adopted = f.retention->adopt_preset(f.admin, 1, "dues-records", "en");
  REQUIRE(adopted.ok());
  CHECK(adopted->delay.amount == 10);
  CHECK(adopted->description.find("ten years") != std::string::npos);
  CHECK(f.retention->adopt_preset(f.admin, 1, "dues-records", "en").error().kind ==
        ErrorKind::conflict);
  REQUIRE(f.retention->refuse_preset(f.admin, 1, "applicants").ok());
  CHECK(f.retention->refuse_preset(f.admin, 1, "dues-records").error().kind == ErrorKind::conflict);
  CHECK(f.retention->refuse_preset(f.admin, 1, "nothing").error().kind == ErrorKind::not_found);
  presets = f.retention->presets(1);
  for (const auto& p : presets.value()) {
    if (p.preset.key == "dues-records")
      CHECK(p.state == "adopted");
    else if (p.preset.key == "applicants")
      CHECK(p.state == "refused");
    else
      CHECK(p.state == "open");
  }
  REQUIRE(f.retention->adopt_preset(f.admin, 1, "applicants", "fr").ok());
  presets = f.retention->presets(1);
  for (const auto& p : presets.value())
    if (p.preset.key == "applicants") CHECK(p.state == "adopted");

  // The register of processing activities shows the enabled rules on every sheet.
  services::PurposeService purposes(*f.db, f.clock);
  REQUIRE(purposes.adopt_preset(f.admin, 1, "newsletter", "fr").ok());
  services::ProcessingRegisterService registers(*f.db, f.clock);
  auto disabled = adopted.value();
  disabled.enabled = false;
  REQUIRE(f.retention->change_rule(f.admin, 1, disabled).ok());
  auto register_now = registers.build(1, "fr");
  REQUIRE(register_now.ok());
  REQUIRE(register_now->activities.size() == 1);
  const auto& retention = register_now->activities[0].retention;
  auto shows = [&](const std::string& text) {
    return std::any_of(retention.begin(), retention.end(), [&](const std::string& line) {
      return line.find(text) != std::string::npos;
    });
  };
  CHECK(shows("Les demandes d'adhésion qui n'ont pas abouti"));
  CHECK_FALSE(shows("ten years"));  // disabled
}

TEST_CASE("the run's report is verifiable and its hash is chained into the audit log") {
  Fixture f;
  const auto gone = f.add("Parti", "2020-01-01", "2026-03-01");
  f.rule(RetentionSubject::former_members, RetentionTrigger::date_left, 1, DelayUnit::days,
         RetentionAction::erase);
  const auto done = f.run();
  REQUIRE(done.run.report.has_value());
  CHECK(done.run.status == "completed");
  CHECK(crypto::blake2b_256_hex(*done.run.report) == done.run.report_hash);
  const auto report = nlohmann::json::parse(*done.run.report);
  CHECK(report["rules"][0]["counts"]["erased"] == 1);
  CHECK(report["rules"][0]["items"][0]["reference"] == "member:" + gone.pseudonym);
  CHECK(done.run.report->find("Parti") == std::string::npos);  // pseudonymous only
  CHECK(f.count("SELECT count(*) FROM audit_log WHERE action = 'retention.run.completed' AND "
                "fields LIKE '%reportHash:" +
                *done.run.report_hash + "%'") == 1);
  auto notices = f.retention->notices(1);
  REQUIRE(notices.ok());
  REQUIRE_FALSE(notices->empty());
  CHECK(notices->front().kind == "completed");
  // Read back, the same report and hash.
  auto again = f.retention->run(1, done.run.id);
  REQUIRE(again.ok());
  CHECK(again->run.report == done.run.report);
}

TEST_CASE("the daily job runs once a day at the organisation's time, and announces upcoming work") {
  Fixture f;
  services::RetentionSettings s;
  s.run_at = "03:00";
  s.require_approval = false;
  s.notice_days = 14;
  REQUIRE(f.retention->change_settings(f.admin, 1, s).ok());
  const auto leaving = f.add("Bientot", "2020-01-01", "2026-03-05");
  f.rule(RetentionSubject::former_members, RetentionTrigger::date_left, 10, DelayUnit::days,
         RetentionAction::erase);   // due 15 March
  f.set_clock(at(2026, 3, 10, 1));  // 02:00 in Paris: not yet
  CHECK(f.retention->tick().value() == 0);
  f.set_clock(at(2026, 3, 10, 2));  // 03:00 in Paris
  CHECK(f.retention->tick().value() == 1);
  CHECK(f.retention->tick().value() == 0);  // once a day
  auto notices = f.retention->notices(1);
  REQUIRE(notices.ok());
  bool announced = false;
  for (const auto& n : notices.value())
    if (n.kind == "upcoming") announced = n.counts.find("\":1") != std::string::npos;
  CHECK(announced);
  CHECK(f.exists(leaving.id));
  f.set_clock(at(2026, 3, 15, 2));
  CHECK(f.retention->tick().value() == 1);
  CHECK_FALSE(f.exists(leaving.id));
}

TEST_CASE("an approval names the record as it was: a member who left again needs a new one") {
  Fixture f;
  f.approval(true);
  const auto member = f.add("Revenant", "2020-01-01", "2026-03-01");
  f.rule(RetentionSubject::former_members, RetentionTrigger::date_left, 1, DelayUnit::days,
         RetentionAction::erase);
  auto p = f.preview("2026-03-10");
  REQUIRE(f.retention->approve(f.admin, 1, "2026-03-10", p.hash).ok());
  CHECK(f.preview("2026-03-10").rules[0].items[0].state == "approved");
  // Back, then gone again on another date: the approval given for the first departure is void.
  const auto current = f.members->get(f.admin, 1, member.id);
  REQUIRE(current.ok());
  domain::MemberChanges again;
  again.left_on = "2026-03-05";
  REQUIRE(f.members->update(f.admin, 1, member.id, current->version, again).ok());
  CHECK(f.preview("2026-03-10").rules[0].items[0].state == "awaiting-approval");
  CHECK(f.outcome_of(f.run(), member.id) == "awaiting-approval");
  CHECK(f.exists(member.id));
  // The longest of two holds is the one the explanation shows, as the preview does.
  REQUIRE(f.retention->place_hold(f.admin, 1, member.id, "Court", "2026-04-01").ok());
  REQUIRE(f.retention->place_hold(f.admin, 1, member.id, "Long", "2026-09-01").ok());
  auto why = f.retention->explain(f.admin, 1, member.id, std::string("2026-03-10"));
  REQUIRE(why.ok());
  CHECK(why->front().hold->until_on == "2026-09-01");
  CHECK(f.preview("2026-03-10").rules[0].items[0].hold->until_on == "2026-09-01");
}

TEST_CASE("a hold placed between the plan and the batch also keeps the records about the member") {
  Fixture f;
  f.set_clock(at(2015, 3, 1));
  const auto member = f.add("Comptable", "2014-01-01");
  const auto type = f.year_type();
  f.pay(member.id, type, "2015-01-01");
  f.rule(RetentionSubject::dues_records, RetentionTrigger::end_of_last_membership, 10,
         DelayUnit::years, RetentionAction::erase);
  f.set_clock(at(2026, 3, 10));
  // The plan sees the dues line as due; a hold arrives before its batch runs (as when a run is
  // resumed after a crash days later): the line stays.
  {
    auto lease = f.db->acquire();
    store::Run run;
    run.organization_id = 1;
    run.as_of = "2026-03-10";
    run.started_at = "2026-03-10T10:00:00.000Z";
    run.started_by = "user:admin";
    store::RunItem item;
    item.seq = 1;
    item.rule_id = f.retention->rules(1)->front().id;
    item.target_kind = "membership";
    item.target_id = f.count("SELECT id FROM memberships");
    item.reference = "membership:" + std::to_string(item.target_id);
    item.action = "erase";
    item.member_id = member.id;
    REQUIRE(store::insert_run(lease->db(), run, {item}).ok());
  }
  REQUIRE(f.retention->place_hold(f.admin, 1, member.id, "Contrôle fiscal", "2026-12-31").ok());
  const auto resumed = f.run();  // finishes the interrupted run first, then today's
  auto first = f.retention->run(1, 1);
  REQUIRE(first.ok());
  CHECK(first->items[0].outcome == "held");
  CHECK(f.outcome_of(resumed, first->items[0].target_id) == "held");
  CHECK(f.count("SELECT count(*) FROM memberships") == 1);
}
