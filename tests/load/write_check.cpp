#include "write_check.hpp"

#include <httplib.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace registre::load {
namespace {

constexpr const char* kOrganization = "/api/v1/organizations/1";

Error check_error(const std::string& detail) {
  return make_error(ErrorKind::internal, "load", detail);
}

class Api {
 public:
  explicit Api(int port) : client_("127.0.0.1", port) {
    client_.set_keep_alive(true);
    client_.set_read_timeout(120, 0);  // the verifications read whole chains
  }
  // The JSON of a 200 answer; an error for anything else (404 included: callers decide).
  Result<nlohmann::json> get(const std::string& path, int* status = nullptr) {
    auto res = client_.Get(path);
    if (status) *status = res ? res->status : 0;
    if (!res) return check_error("GET " + path + ": " + httplib::to_string(res.error()));
    if (res->status != 200) {
      return check_error("GET " + path + " answered " + std::to_string(res->status) + ": " +
                         res->body.substr(0, 300));
    }
    try {
      return nlohmann::json::parse(res->body);
    } catch (const nlohmann::json::exception& e) {
      return check_error("GET " + path + " answered JSON that does not parse: " + e.what());
    }
  }

 private:
  httplib::Client client_;
};

std::string text_of(const nlohmann::json& member, const char* key) {
  const auto it = member.find(key);
  if (it == member.end() || !it->is_string()) return "<" + std::string(key) + " not a string>";
  return it->get<std::string>();
}

std::string member_path(std::int64_t id) {
  return std::string(kOrganization) + "/members/" + std::to_string(id);
}

Result<long> member_count(Api& api) {
  auto page = api.get(std::string(kOrganization) + "/members?limit=1&count=true");
  if (!page) return std::move(page).error();
  return page.value().value("total", -1L);
}

// Compares a stored member's fields with what was sent; appends a violation for each difference.
void compare(const nlohmann::json& stored, const std::string& what,
             const std::vector<std::pair<const char*, std::string>>& expected,
             std::vector<std::string>& violations) {
  for (const auto& [key, value] : expected) {
    const std::string got = text_of(stored, key);
    if (got != value) {
      violations.push_back(what + ": " + key + " is \"" + got + "\", acknowledged \"" + value +
                           "\"");
    }
  }
}

Status check_creates(Api& api, const LoadLog& log, CheckReport& report) {
  std::set<std::int64_t> ids;
  for (const CreatedMember& c : log.creates) {
    const std::string what = "created member " + std::to_string(c.id) + " (" + c.first_name + ")";
    if (!ids.insert(c.id).second) {
      report.violations.push_back(what + ": the id was acknowledged to two creates");
      continue;
    }
    int status = 0;
    auto stored = api.get(member_path(c.id), &status);
    if (!stored) {
      if (status == 404) {
        report.violations.push_back(what + ": acknowledged (201) but not found: a lost write");
        continue;
      }
      return std::move(stored).error();
    }
    compare(stored.value(), what,
            {{"lastName", c.last_name},
             {"firstName", c.first_name},
             {"email", c.email},
             {"city", c.city},
             {"notes", c.notes}},
            report.violations);
    ++report.creates_checked;
  }
  // Creates without an answer: applied or not, but at most once (their first name is unique).
  for (const UnansweredCreate& c : log.unanswered_creates) {
    auto found = api.get(std::string(kOrganization) + "/members?limit=200&q=" + c.first_name);
    if (!found) return std::move(found).error();
    long same = 0;
    for (const auto& m : found.value()["items"]) {
      if (text_of(m, "firstName") == c.first_name) {
        ++same;
        compare(m, "unanswered create " + c.first_name,
                {{"lastName", c.last_name}, {"email", c.email}, {"notes", c.notes}},
                report.violations);
      }
    }
    if (same > 1)
      report.violations.push_back("unanswered create " + c.first_name + " is there " +
                                  std::to_string(same) + " times");
    report.unanswered_creates_applied += same;
  }
  return ok_status();
}

Status check_updates(Api& api, const LoadLog& log, CheckReport& report) {
  std::map<std::int64_t, std::vector<const MemberUpdate*>> by_member;
  for (const MemberUpdate& u : log.updates)
    by_member[u.member].push_back(&u);
  report.updates_acknowledged = long(log.updates.size());
  for (auto& [member, updates] : by_member) {
    const std::string what = "updated member " + std::to_string(member);
    std::sort(updates.begin(), updates.end(),
              [](const MemberUpdate* a, const MemberUpdate* b) { return a->version < b->version; });
    for (std::size_t i = 1; i < updates.size(); ++i) {
      if (updates[i]->version == updates[i - 1]->version) {
        report.violations.push_back(what + ": two updates acknowledged with version " +
                                    std::to_string(updates[i]->version) + " (\"" +
                                    updates[i - 1]->notes + "\", \"" + updates[i]->notes +
                                    "\"): one overwrote the other");
      }
    }
    auto stored = api.get(member_path(member));
    if (!stored) return std::move(stored).error();
    const std::int64_t version = stored.value().value("version", std::int64_t{0});
    const MemberUpdate& last = *updates.back();
    const std::string city = text_of(stored.value(), "city");
    const std::string notes = text_of(stored.value(), "notes");
    if (version < last.version) {
      report.violations.push_back(what + ": stored version " + std::to_string(version) +
                                  " is older than the acknowledged " +
                                  std::to_string(last.version) + ": a lost write");
    } else if (version == last.version) {
      compare(stored.value(), what + " at version " + std::to_string(version),
              {{"city", last.city}, {"notes", last.notes}}, report.violations);
    } else {
      // Newer than any acknowledged update: only an update whose answer never came can be it.
      const bool explained =
          std::any_of(log.unanswered_updates.begin(), log.unanswered_updates.end(),
                      [&, member_id = member](const UnansweredUpdate& u) {
                        return u.member == member_id && u.if_match == version - 1 && u.city == city &&
                               u.notes == notes;
                      });
      if (!explained) {
        report.violations.push_back(what + ": stored version " + std::to_string(version) + " (\"" +
                                    notes +
                                    "\") is newer than every acknowledged "
                                    "update and no unanswered update explains it");
      }
    }
    ++report.members_updated;
  }
  return ok_status();
}

Status check_consents(Api& api, const LoadLog& log, CheckReport& report) {
  std::map<std::int64_t, std::vector<const RecordedConsent*>> by_member;
  for (const RecordedConsent& c : log.consents)
    by_member[c.member].push_back(&c);
  for (const auto& [member, consents] : by_member) {
    auto history = api.get(member_path(member) + "/consents/history");
    if (!history) return std::move(history).error();
    std::map<std::int64_t, const nlohmann::json*> events;
    std::map<std::string, int> evidence_seen;
    for (const auto& e : history.value()["items"]) {
      events[e.value("id", std::int64_t{0})] = &e;
      evidence_seen[text_of(e, "evidence")]++;
    }
    for (const RecordedConsent* c : consents) {
      const std::string what = "consent event " + std::to_string(c->event) + " of member " +
                               std::to_string(member) + " (" + c->evidence + ")";
      const auto it = events.find(c->event);
      if (it == events.end()) {
        report.violations.push_back(what +
                                    ": acknowledged (201) but not in the history: a "
                                    "lost write");
        continue;
      }
      const nlohmann::json& e = *it->second;
      compare(e, what, {{"decision", c->decision}, {"evidence", c->evidence}}, report.violations);
      if (e.value("purposeId", std::int64_t{0}) != c->purpose)
        report.violations.push_back(what + ": another purpose");
      if (evidence_seen[c->evidence] != 1)
        report.violations.push_back(what + ": recorded " +
                                    std::to_string(evidence_seen[c->evidence]) + " times");
      ++report.consents_checked;
    }
  }
  return ok_status();
}

Status check_chains(Api& api, CheckReport& report) {
  auto audit = api.get("/admin/v1/audit/verify");
  if (!audit) return std::move(audit).error();
  report.audit_entries = audit.value().value("entriesChecked", 0L);
  if (!audit.value().value("intact", false))
    report.violations.push_back("the audit chain does not verify: " + audit.value().dump());
  auto ledger = api.get("/admin/v1/organizations/1/ledger/verify");
  if (!ledger) return std::move(ledger).error();
  report.ledger_events = ledger.value().value("eventsChecked", 0L);
  if (!ledger.value().value("intact", false))
    report.violations.push_back("the consent ledger does not verify: " + ledger.value().dump());
  return ok_status();
}

}  // namespace

void check_statuses(const LoadLog& log, std::vector<std::string>& violations) {
  for (const auto& [kind, figures] : log.kinds) {
    for (const auto& [status, count] : figures.statuses) {
      const bool expected = (status >= 200 && status < 300) || (kind == "update" && status == 412);
      if (!expected) {
        violations.push_back(std::to_string(count) + " " + kind + " request(s) answered " +
                             std::to_string(status));
      }
    }
  }
}

Result<CheckReport> check_writes(int port, const LoadLog& log, long members_before) {
  Api api(port);
  CheckReport report;
  report.members_before = members_before;
  for (auto step : {check_creates, check_updates, check_consents}) {
    if (auto s = step(api, log, report); !s) return std::move(s).error();
  }
  if (auto s = check_chains(api, report); !s) return std::move(s).error();
  auto after = member_count(api);
  if (!after) return std::move(after).error();
  report.members_after = after.value();
  const long expected =
      members_before + long(log.creates.size()) + report.unanswered_creates_applied;
  if (report.members_after != expected) {
    report.violations.push_back(
        "the register holds " + std::to_string(report.members_after) + " members, expected " +
        std::to_string(expected) + " (" + std::to_string(members_before) + " before, " +
        std::to_string(log.creates.size()) + " acknowledged creates, " +
        std::to_string(report.unanswered_creates_applied) + " unanswered creates applied)");
  }
  return report;
}

}  // namespace registre::load
