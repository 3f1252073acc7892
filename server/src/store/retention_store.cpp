#include "store/retention_store.hpp"

#include <SQLiteCpp/Statement.h>

#include "store/sql_values.hpp"
#include "store/sqlite_error.hpp"

namespace registre::store {
namespace {

using domain::RetentionRule;
using domain::RetentionSubject;
using domain::RetentionTrigger;

std::optional<std::int64_t> optional_id(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

constexpr const char* kRuleColumns =
    "id, organization_id, subject, trigger_date, delay_amount, delay_unit, action, enabled, "
    "description, preset, created_at, updated_at, version";

RetentionRule read_rule(SQLite::Statement& q) {
  RetentionRule r;
  r.id = q.getColumn(0).getInt64();
  r.organization_id = q.getColumn(1).getInt64();
  // The schema's CHECKs keep these to the known names.
  r.subject = domain::retention_subject_from_string(q.getColumn(2).getString()).value_or(r.subject);
  r.trigger = domain::retention_trigger_from_string(q.getColumn(3).getString()).value_or(r.trigger);
  r.delay.amount = q.getColumn(4).getInt64();
  r.delay.unit = domain::delay_unit_from_string(q.getColumn(5).getString()).value_or(r.delay.unit);
  r.action = domain::retention_action_from_string(q.getColumn(6).getString()).value_or(r.action);
  r.enabled = q.getColumn(7).getInt() != 0;
  r.description = q.getColumn(8).getString();
  r.preset = optional_text(q.getColumn(9));
  r.created_at = q.getColumn(10).getString();
  r.updated_at = q.getColumn(11).getString();
  r.version = q.getColumn(12).getInt64();
  return r;
}

LegalHold read_hold(SQLite::Statement& q) {
  LegalHold h;
  h.id = q.getColumn(0).getInt64();
  h.organization_id = q.getColumn(1).getInt64();
  h.member_id = q.getColumn(2).getInt64();
  h.reason = q.getColumn(3).getString();
  h.until_on = q.getColumn(4).getString();
  h.created_at = q.getColumn(5).getString();
  h.created_by = q.getColumn(6).getString();
  h.released_at = optional_text(q.getColumn(7));
  h.released_by = optional_text(q.getColumn(8));
  return h;
}
constexpr const char* kHoldColumns =
    "id, organization_id, member_id, reason, until_on, created_at, created_by, released_at, "
    "released_by";

// The query of one subject and trigger. Every one starts from an index whose range holds only
// records at or before the bound. Columns: target id, member id, reference, trigger value.
struct DueQuery {
  const char* kind;
  std::string sql;
  bool by_timestamp;  // binds before_utc instead of last_date
};

DueQuery due_query(const RetentionRule& rule) {
  using S = RetentionSubject;
  using T = RetentionTrigger;
  // A member whose latest membership ended by the bound: driven by the memberships that ended
  // by then; and members who never had one, from their admission (status-indexed).
  const std::string by_last_end =
      "SELECT m.id, m.id, 'member:' || m.pseudonym, e.last_end FROM"
      " (SELECT member_id, max(ends_on) AS last_end FROM memberships"
      "   WHERE organization_id = :org AND ends_on <= :bound AND member_id IS NOT NULL"
      "   GROUP BY member_id) e"
      " JOIN members m ON m.id = e.member_id"
      " WHERE m.status = :status AND NOT EXISTS (SELECT 1 FROM memberships x WHERE x.member_id = "
      "m.id"
      "   AND (x.ends_on IS NULL OR x.ends_on > :bound))"
      " UNION ALL"
      " SELECT m.id, m.id, 'member:' || m.pseudonym, m.admitted_on FROM members m"
      " WHERE m.organization_id = :org AND m.status = :status AND m.admitted_on <= :bound"
      "   AND NOT EXISTS (SELECT 1 FROM memberships x WHERE x.member_id = m.id)"
      " ORDER BY 1";
  switch (rule.subject) {
    case S::former_members:
      if (rule.trigger == T::end_of_last_membership) return {"member", by_last_end, false};
      return {
          "member",
          "SELECT id, id, 'member:' || pseudonym, left_on FROM members"
          " WHERE organization_id = :org AND status = 'former' AND left_on <= :bound ORDER BY id",
          false};
    case S::lapsed_members:
      return {"member", by_last_end, false};
    case S::applicants:
      return {"member",
              "SELECT id, id, 'member:' || pseudonym, created_at FROM members"
              " WHERE organization_id = :org AND status = 'applicant' AND created_at < :bound"
              " ORDER BY id",
              true};
    case S::consent_evidence:
      // The withdrawal that is still the member's last word on the purpose, and evidence left.
      return {
          "consent_withdrawal",
          "SELECT w.id, m.id, 'member:' || w.member_pseudonym, w.at FROM consent_events w"
          " LEFT JOIN members m ON m.pseudonym = w.member_pseudonym"
          " WHERE w.organization_id = :org AND w.decision = 'withdrawn' AND w.at < :bound"
          "   AND w.seq = (SELECT max(l.seq) FROM consent_events l WHERE l.organization_id = :org"
          "     AND l.member_pseudonym = w.member_pseudonym AND l.purpose_id = w.purpose_id)"
          "   AND EXISTS (SELECT 1 FROM consent_events e JOIN consent_evidence v ON v.event_id = "
          "e.id"
          "     WHERE e.organization_id = :org AND e.member_pseudonym = w.member_pseudonym"
          "     AND e.purpose_id = w.purpose_id)"
          " ORDER BY w.id",
          true};
    case S::audit_entries:
      return {
          "audit_entry",
          "SELECT a.id, m.id, 'audit_entry:' || a.id, a.at FROM audit_log a"
          " LEFT JOIN members m ON a.subject LIKE 'member:%' AND m.pseudonym = substr(a.subject, 8)"
          " WHERE a.organization_id = :org AND a.redacted = 0 AND a.at < :bound ORDER BY a.id",
          true};
    case S::dues_records: {
      // Anonymising a line already without member or reference would change nothing.
      const std::string still_named = rule.action == domain::RetentionAction::anonymise
                                          ? " AND (member_id IS NOT NULL OR reference IS NOT NULL)"
                                          : "";
      if (rule.trigger == T::creation_date) {
        return {"membership",
                "SELECT id, member_id, 'membership:' || id, created_at FROM memberships"
                " WHERE organization_id = :org AND created_at < :bound" +
                    still_named + " ORDER BY id",
                true};
      }
      return {"membership",
              "SELECT id, member_id, 'membership:' || id, ends_on FROM memberships"
              " WHERE organization_id = :org AND ends_on <= :bound" +
                  still_named + " ORDER BY id",
              false};
    }
    case S::expired_public_links:
      return {"public_link",
              "SELECT id, member_id, 'public_link:' || id, expires_at FROM public_links"
              " WHERE organization_id = :org AND expires_at < :bound AND revoked_at IS NULL"
              " UNION ALL"
              " SELECT id, member_id, 'public_link:' || id, revoked_at FROM public_links"
              " WHERE organization_id = :org AND revoked_at IS NOT NULL"
              "   AND min(revoked_at, expires_at) < :bound"
              " ORDER BY 1",
              true};
    case S::closed_requests:
      return {"subject_request",
              "SELECT id, member_id, 'subject_request:' || id, closed_on FROM subject_requests"
              " WHERE organization_id = :org AND closed_on <= :bound ORDER BY id",
              false};
  }
  return {"member", "SELECT 1 WHERE 0", false};
}

std::int64_t exec_ids(SQLite::Database& db, const char* sql, std::int64_t a, std::int64_t b) {
  SQLite::Statement s(db, sql);
  s.bind(1, a);
  s.bind(2, b);
  return s.exec();
}

}  // namespace

// ---- rules

Result<std::vector<RetentionRule>> list_retention_rules(SQLite::Database& db,
                                                        std::int64_t organization_id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kRuleColumns +
                                " FROM retention_rules WHERE organization_id = ? ORDER BY id");
    q.bind(1, organization_id);
    std::vector<RetentionRule> rules;
    while (q.executeStep())
      rules.push_back(read_rule(q));
    return rules;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing retention rules");
  }
}

Result<RetentionRule> get_retention_rule(SQLite::Database& db, std::int64_t organization_id,
                                         std::int64_t id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kRuleColumns +
                                " FROM retention_rules WHERE organization_id = ? AND id = ?");
    q.bind(1, organization_id);
    q.bind(2, id);
    if (!q.executeStep())
      return make_error(ErrorKind::not_found, "not-found", "no such retention rule");
    return read_rule(q);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a retention rule");
  }
}

Result<std::int64_t> insert_retention_rule(SQLite::Database& db, const RetentionRule& r) {
  try {
    SQLite::Statement s(
        db,
        "INSERT INTO retention_rules (organization_id, subject, trigger_date,"
        " delay_amount, delay_unit, action, enabled, description, preset, created_at,"
        " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    s.bind(1, r.organization_id);
    s.bind(2, std::string(to_string(r.subject)));
    s.bind(3, std::string(to_string(r.trigger)));
    s.bind(4, r.delay.amount);
    s.bind(5, std::string(to_string(r.delay.unit)));
    s.bind(6, std::string(to_string(r.action)));
    s.bind(7, r.enabled ? 1 : 0);
    s.bind(8, r.description);
    bind_optional(s, 9, r.preset);
    s.bind(10, r.created_at);
    s.bind(11, r.updated_at);
    s.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "adding a retention rule");
  }
}

Status update_retention_rule(SQLite::Database& db, const RetentionRule& r) {
  try {
    SQLite::Statement s(
        db,
        "UPDATE retention_rules SET subject = ?, trigger_date = ?, delay_amount = ?,"
        " delay_unit = ?, action = ?, enabled = ?, description = ?, updated_at = ?,"
        " version = version + 1 WHERE organization_id = ? AND id = ? AND version = ?");
    s.bind(1, std::string(to_string(r.subject)));
    s.bind(2, std::string(to_string(r.trigger)));
    s.bind(3, r.delay.amount);
    s.bind(4, std::string(to_string(r.delay.unit)));
    s.bind(5, std::string(to_string(r.action)));
    s.bind(6, r.enabled ? 1 : 0);
    s.bind(7, r.description);
    s.bind(8, r.updated_at);
    s.bind(9, r.organization_id);
    s.bind(10, r.id);
    s.bind(11, r.version);
    if (s.exec() == 1) return ok_status();
    auto current = get_retention_rule(db, r.organization_id, r.id);
    if (!current) return std::move(current).error();
    return make_error(ErrorKind::precondition_failed, "precondition-failed",
                      "the rule was changed since version " + std::to_string(r.version));
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "changing a retention rule");
  }
}

Result<std::set<std::string>> refused_presets(SQLite::Database& db, std::int64_t organization_id) {
  try {
    SQLite::Statement q(db,
                        "SELECT preset FROM retention_preset_refusals WHERE organization_id = ?");
    q.bind(1, organization_id);
    std::set<std::string> refused;
    while (q.executeStep())
      refused.insert(q.getColumn(0).getString());
    return refused;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading refused retention defaults");
  }
}

Status refuse_preset(SQLite::Database& db, std::int64_t organization_id, const std::string& preset,
                     const std::string& at, const std::string& by) {
  try {
    SQLite::Statement s(db,
                        "INSERT OR IGNORE INTO retention_preset_refusals (organization_id, preset,"
                        " refused_at, refused_by) VALUES (?,?,?,?)");
    s.bind(1, organization_id);
    s.bind(2, preset);
    s.bind(3, at);
    s.bind(4, by);
    s.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "refusing a retention default");
  }
}

Status forget_preset_refusal(SQLite::Database& db, std::int64_t organization_id,
                             const std::string& preset) {
  try {
    SQLite::Statement s(
        db, "DELETE FROM retention_preset_refusals WHERE organization_id = ? AND preset = ?");
    s.bind(1, organization_id);
    s.bind(2, preset);
    s.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "adopting a refused retention default");
  }
}

Result<std::string> read_retention_settings(SQLite::Database& db, std::int64_t organization_id) {
  try {
    SQLite::Statement q(
        db,
        "SELECT coalesce(json_extract(settings, '$.retention'), '{}') FROM organizations"
        " WHERE id = ?");
    q.bind(1, organization_id);
    if (!q.executeStep())
      return make_error(ErrorKind::not_found, "not-found", "no such organization");
    return q.getColumn(0).getString();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading retention settings");
  }
}

Status write_retention_settings(SQLite::Database& db, std::int64_t organization_id,
                                const std::string& json) {
  try {
    SQLite::Statement s(
        db,
        "UPDATE organizations SET settings = json_set(settings, '$.retention', json(?))"
        " WHERE id = ?");
    s.bind(1, json);
    s.bind(2, organization_id);
    if (s.exec() != 1) return make_error(ErrorKind::not_found, "not-found", "no such organization");
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "changing retention settings");
  }
}

// ---- legal holds

Result<std::int64_t> insert_legal_hold(SQLite::Database& db, const LegalHold& h) {
  try {
    SQLite::Statement s(db,
                        "INSERT INTO legal_holds (organization_id, member_id, reason, until_on,"
                        " created_at, created_by) VALUES (?,?,?,?,?,?)");
    s.bind(1, h.organization_id);
    s.bind(2, h.member_id);
    s.bind(3, h.reason);
    s.bind(4, h.until_on);
    s.bind(5, h.created_at);
    s.bind(6, h.created_by);
    s.exec();
    return db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "placing a legal hold");
  }
}

Result<LegalHold> get_legal_hold(SQLite::Database& db, std::int64_t organization_id,
                                 std::int64_t id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kHoldColumns +
                                " FROM legal_holds WHERE organization_id = ? AND id = ?");
    q.bind(1, organization_id);
    q.bind(2, id);
    if (!q.executeStep())
      return make_error(ErrorKind::not_found, "not-found", "no such legal hold");
    return read_hold(q);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a legal hold");
  }
}

Result<std::vector<LegalHold>> active_legal_holds(SQLite::Database& db,
                                                  std::int64_t organization_id,
                                                  const std::string& on,
                                                  std::optional<std::int64_t> member_id) {
  try {
    std::string sql = std::string("SELECT ") + kHoldColumns +
                      " FROM legal_holds WHERE organization_id = ? AND released_at IS NULL"
                      " AND until_on >= ?";
    if (member_id) sql += " AND member_id = ?";
    sql += " ORDER BY id";
    SQLite::Statement q(db, sql);
    q.bind(1, organization_id);
    q.bind(2, on);
    if (member_id) q.bind(3, *member_id);
    std::vector<LegalHold> holds;
    while (q.executeStep())
      holds.push_back(read_hold(q));
    return holds;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing legal holds");
  }
}

Status release_legal_hold(SQLite::Database& db, std::int64_t organization_id, std::int64_t id,
                          const std::string& at, const std::string& by) {
  try {
    SQLite::Statement s(db,
                        "UPDATE legal_holds SET released_at = ?, released_by = ?"
                        " WHERE organization_id = ? AND id = ? AND released_at IS NULL");
    s.bind(1, at);
    s.bind(2, by);
    s.bind(3, organization_id);
    s.bind(4, id);
    if (s.exec() == 1) return ok_status();
    auto hold = get_legal_hold(db, organization_id, id);
    if (!hold) return std::move(hold).error();
    return make_error(ErrorKind::conflict, "conflict", "the hold was already released");
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "releasing a legal hold");
  }
}

// ---- what is due

Result<std::vector<DueRecord>> find_due_records(SQLite::Database& db, const RetentionRule& rule,
                                                const DueBound& bound) {
  try {
    const DueQuery query = due_query(rule);
    SQLite::Statement q(db, query.sql);
    q.bind(":org", rule.organization_id);
    q.bind(":bound", query.by_timestamp ? bound.before_utc : bound.last_date);
    if (query.sql.find(":status") != std::string::npos) {
      q.bind(":status", rule.subject == RetentionSubject::lapsed_members ? "lapsed" : "former");
    }
    std::vector<DueRecord> due;
    while (q.executeStep()) {
      DueRecord d;
      d.target_kind = query.kind;
      d.target_id = q.getColumn(0).getInt64();
      d.member_id = optional_id(q.getColumn(1));
      d.reference = q.getColumn(2).getString();
      d.trigger = q.getColumn(3).isNull() ? "" : q.getColumn(3).getString();
      due.push_back(std::move(d));
    }
    return due;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "finding what a retention rule has due");
  }
}

Result<MemberTriggerFacts> member_trigger_facts(SQLite::Database& db, std::int64_t organization_id,
                                                std::int64_t member_id) {
  try {
    SQLite::Statement q(
        db,
        "SELECT status, left_on, created_at, admitted_on,"
        " (SELECT max(ends_on) FROM memberships WHERE member_id = m.id),"
        " EXISTS (SELECT 1 FROM memberships WHERE member_id = m.id AND ends_on IS NULL),"
        " EXISTS (SELECT 1 FROM memberships WHERE member_id = m.id)"
        " FROM members m WHERE organization_id = ? AND id = ?");
    q.bind(1, organization_id);
    q.bind(2, member_id);
    if (!q.executeStep()) return make_error(ErrorKind::not_found, "not-found", "no such member");
    MemberTriggerFacts f;
    f.status = q.getColumn(0).getString();
    f.left_on = optional_text(q.getColumn(1));
    f.created_at = q.getColumn(2).getString();
    f.admitted_on = optional_text(q.getColumn(3));
    f.last_membership_end = optional_text(q.getColumn(4));
    f.lifetime_membership = q.getColumn(5).getInt() != 0;
    f.has_membership = q.getColumn(6).getInt() != 0;
    return f;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a member's retention dates");
  }
}

// ---- approvals

Result<std::int64_t> insert_approval(SQLite::Database& db, std::int64_t organization_id,
                                     const std::string& as_of, const std::string& preview_hash,
                                     const std::string& at, const std::string& by,
                                     const std::vector<ApprovedItem>& items) {
  try {
    SQLite::Statement s(db,
                        "INSERT INTO retention_approvals (organization_id, as_of, preview_hash,"
                        " approved_at, approved_by) VALUES (?,?,?,?,?)");
    s.bind(1, organization_id);
    s.bind(2, as_of);
    s.bind(3, preview_hash);
    s.bind(4, at);
    s.bind(5, by);
    s.exec();
    const std::int64_t id = db.getLastInsertRowid();
    SQLite::Statement item(
        db,
        "INSERT INTO retention_approved_items (approval_id, rule_id, rule_version,"
        " target_kind, target_id, trigger_value) VALUES (?,?,?,?,?,?)");
    for (const auto& i : items) {
      item.bind(1, id);
      item.bind(2, i.rule_id);
      item.bind(3, i.rule_version);
      item.bind(4, i.target_kind);
      item.bind(5, i.target_id);
      item.bind(6, i.trigger);
      item.exec();
      item.reset();
    }
    return id;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "approving a retention preview");
  }
}

Result<std::set<std::pair<std::string, std::int64_t>>> approved_targets(
    SQLite::Database& db, std::int64_t rule_id, std::int64_t rule_version,
    const std::vector<DueRecord>& due) {
  try {
    SQLite::Statement q(
        db,
        "SELECT EXISTS (SELECT 1 FROM retention_approved_items WHERE rule_id = ?"
        " AND target_kind = ? AND target_id = ? AND rule_version = ? AND trigger_value = ?)");
    std::set<std::pair<std::string, std::int64_t>> approved;
    for (const auto& d : due) {
      q.bind(1, rule_id);
      q.bind(2, d.target_kind);
      q.bind(3, d.target_id);
      q.bind(4, rule_version);
      q.bind(5, d.trigger);
      q.executeStep();
      if (q.getColumn(0).getInt() != 0) approved.emplace(d.target_kind, d.target_id);
      q.reset();
    }
    return approved;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "checking approvals");
  }
}

// ---- runs

namespace {

constexpr const char* kRunColumns =
    "id, organization_id, as_of, started_at, started_by, status, finished_at, report, report_hash";

Run read_run(SQLite::Statement& q) {
  Run r;
  r.id = q.getColumn(0).getInt64();
  r.organization_id = q.getColumn(1).getInt64();
  r.as_of = q.getColumn(2).getString();
  r.started_at = q.getColumn(3).getString();
  r.started_by = q.getColumn(4).getString();
  r.status = q.getColumn(5).getString();
  r.finished_at = optional_text(q.getColumn(6));
  r.report = optional_text(q.getColumn(7));
  r.report_hash = optional_text(q.getColumn(8));
  return r;
}

RunItem read_item(SQLite::Statement& q) {
  RunItem i;
  i.seq = q.getColumn(0).getInt64();
  i.rule_id = q.getColumn(1).getInt64();
  i.target_kind = q.getColumn(2).getString();
  i.target_id = q.getColumn(3).getInt64();
  i.reference = q.getColumn(4).getString();
  i.action = q.getColumn(5).getString();
  i.outcome = optional_text(q.getColumn(6));
  i.member_id = optional_id(q.getColumn(7));
  return i;
}

}  // namespace

Result<std::int64_t> insert_run(SQLite::Database& db, const Run& run,
                                const std::vector<RunItem>& items) {
  try {
    SQLite::Statement s(
        db,
        "INSERT INTO retention_runs (organization_id, as_of, started_at, started_by,"
        " status) VALUES (?,?,?,?, 'running')");
    s.bind(1, run.organization_id);
    s.bind(2, run.as_of);
    s.bind(3, run.started_at);
    s.bind(4, run.started_by);
    s.exec();
    const std::int64_t id = db.getLastInsertRowid();
    SQLite::Statement item(db,
                           "INSERT INTO retention_run_items (run_id, seq, rule_id, target_kind,"
                           " target_id, reference, action, outcome, member_id)"
                           " VALUES (?,?,?,?,?,?,?,?,?)");
    for (const auto& i : items) {
      item.bind(1, id);
      item.bind(2, i.seq);
      item.bind(3, i.rule_id);
      item.bind(4, i.target_kind);
      item.bind(5, i.target_id);
      item.bind(6, i.reference);
      item.bind(7, i.action);
      bind_optional(item, 8, i.outcome);
      if (i.member_id)
        item.bind(9, *i.member_id);
      else
        item.bind(9);
      item.exec();
      item.reset();
    }
    return id;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "planning a retention run");
  }
}

Result<std::optional<Run>> running_run(SQLite::Database& db, std::int64_t organization_id) {
  try {
    SQLite::Statement q(
        db, std::string("SELECT ") + kRunColumns +
                " FROM retention_runs WHERE organization_id = ? AND status = 'running'");
    q.bind(1, organization_id);
    if (!q.executeStep()) return std::optional<Run>{};
    return std::optional<Run>{read_run(q)};
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "looking for an unfinished retention run");
  }
}

Result<Run> get_run(SQLite::Database& db, std::int64_t organization_id, std::int64_t id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kRunColumns +
                                " FROM retention_runs WHERE organization_id = ? AND id = ?");
    q.bind(1, organization_id);
    q.bind(2, id);
    if (!q.executeStep())
      return make_error(ErrorKind::not_found, "not-found", "no such retention run");
    return read_run(q);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a retention run");
  }
}

Result<std::vector<Run>> list_runs(SQLite::Database& db, std::int64_t organization_id,
                                   std::size_t limit) {
  try {
    SQLite::Statement q(
        db, std::string("SELECT ") + kRunColumns +
                " FROM retention_runs WHERE organization_id = ? ORDER BY id DESC LIMIT ?");
    q.bind(1, organization_id);
    q.bind(2, static_cast<std::int64_t>(limit));
    std::vector<Run> runs;
    while (q.executeStep())
      runs.push_back(read_run(q));
    return runs;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing retention runs");
  }
}

Result<bool> run_exists_for(SQLite::Database& db, std::int64_t organization_id,
                            const std::string& as_of) {
  try {
    SQLite::Statement q(db,
                        "SELECT EXISTS (SELECT 1 FROM retention_runs WHERE organization_id = ?"
                        " AND as_of = ? AND started_by = 'system')");
    q.bind(1, organization_id);
    q.bind(2, as_of);
    q.executeStep();
    return q.getColumn(0).getInt() != 0;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "looking for today's retention run");
  }
}

Result<std::vector<RunItem>> pending_items(SQLite::Database& db, std::int64_t run_id,
                                           std::size_t limit) {
  try {
    SQLite::Statement q(
        db,
        "SELECT seq, rule_id, target_kind, target_id, reference, action, outcome, member_id"
        " FROM retention_run_items INDEXED BY retention_run_items_pending"
        " WHERE run_id = ? AND outcome IS NULL ORDER BY seq LIMIT ?");
    q.bind(1, run_id);
    q.bind(2, static_cast<std::int64_t>(limit));
    std::vector<RunItem> items;
    while (q.executeStep())
      items.push_back(read_item(q));
    return items;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a retention run's work");
  }
}

Result<std::vector<RunItem>> run_items(SQLite::Database& db, std::int64_t run_id) {
  try {
    SQLite::Statement q(db,
                        "SELECT seq, rule_id, target_kind, target_id, reference, action, outcome,"
                        " member_id FROM retention_run_items WHERE run_id = ? ORDER BY seq");
    q.bind(1, run_id);
    std::vector<RunItem> items;
    while (q.executeStep())
      items.push_back(read_item(q));
    return items;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a retention run's items");
  }
}

Result<bool> run_erased_members(SQLite::Database& db, std::int64_t run_id) {
  try {
    SQLite::Statement q(db,
                        "SELECT EXISTS (SELECT 1 FROM retention_run_items WHERE run_id = ?"
                        " AND target_kind = 'member' AND outcome IN ('erased', 'anonymised'))");
    q.bind(1, run_id);
    q.executeStep();
    return q.getColumn(0).getInt() != 0;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a retention run's work");
  }
}

Status set_item_outcome(SQLite::Database& db, std::int64_t run_id, std::int64_t seq,
                        const std::string& outcome) {
  try {
    SQLite::Statement s(db,
                        "UPDATE retention_run_items SET outcome = ? WHERE run_id = ? AND seq = ?");
    s.bind(1, outcome);
    s.bind(2, run_id);
    s.bind(3, seq);
    s.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "recording a retention item's outcome");
  }
}

Status complete_run(SQLite::Database& db, std::int64_t run_id, const std::string& at,
                    const std::string& report, const std::string& report_hash) {
  try {
    SQLite::Statement s(
        db,
        "UPDATE retention_runs SET status = 'completed', finished_at = ?, report = ?,"
        " report_hash = ? WHERE id = ? AND status = 'running'");
    s.bind(1, at);
    s.bind(2, report);
    s.bind(3, report_hash);
    s.bind(4, run_id);
    if (s.exec() != 1) return make_error(ErrorKind::conflict, "conflict", "the run is not running");
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "completing a retention run");
  }
}

// ---- the work

Result<std::int64_t> delete_withdrawn_evidence(SQLite::Database& db,
                                               std::int64_t withdrawal_event_id) {
  try {
    SQLite::Statement s(
        db,
        "DELETE FROM consent_evidence WHERE event_id IN (SELECT e.id FROM consent_events e"
        " JOIN consent_events w ON w.id = ? WHERE e.organization_id = w.organization_id"
        " AND e.member_pseudonym = w.member_pseudonym AND e.purpose_id = w.purpose_id"
        " AND e.seq <= w.seq)");
    s.bind(1, withdrawal_event_id);
    return static_cast<std::int64_t>(s.exec());
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "deleting the evidence of a withdrawn consent");
  }
}

Result<bool> redact_audit_entry(SQLite::Database& db, std::int64_t organization_id,
                                std::int64_t id) {
  try {
    SQLite::Statement s(
        db,
        "UPDATE audit_log SET redacted = 1, actor = '', subject = '', fields = '[]',"
        " request_id = '' WHERE organization_id = ? AND id = ? AND redacted = 0");
    s.bind(1, organization_id);
    s.bind(2, id);
    return s.exec() == 1;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "redacting an audit entry");
  }
}

Result<bool> delete_membership(SQLite::Database& db, std::int64_t organization_id,
                               std::int64_t id) {
  try {
    return exec_ids(db, "DELETE FROM memberships WHERE organization_id = ? AND id = ?",
                    organization_id, id) == 1;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "deleting a dues record");
  }
}

Result<bool> anonymise_membership(SQLite::Database& db, std::int64_t organization_id,
                                  std::int64_t id) {
  try {
    return exec_ids(
               db,
               "UPDATE memberships SET member_id = NULL, reference = NULL WHERE organization_id = ?"
               " AND id = ? AND (member_id IS NOT NULL OR reference IS NOT NULL)",
               organization_id, id) == 1;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "anonymising a dues record");
  }
}

Result<bool> delete_public_link(SQLite::Database& db, std::int64_t organization_id,
                                std::int64_t id) {
  try {
    return exec_ids(db, "DELETE FROM public_links WHERE organization_id = ? AND id = ?",
                    organization_id, id) == 1;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "deleting a public link");
  }
}

Result<bool> delete_subject_request(SQLite::Database& db, std::int64_t organization_id,
                                    std::int64_t id) {
  try {
    return exec_ids(db,
                    "DELETE FROM subject_requests WHERE organization_id = ? AND id = ?"
                    " AND status IN ('closed', 'refused')",
                    organization_id, id) == 1;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "deleting a closed request");
  }
}

Status insert_member_statistics(SQLite::Database& db, std::int64_t organization_id,
                                const domain::MemberStatistics& st, const std::string& on) {
  try {
    SQLite::Statement s(
        db,
        "INSERT INTO member_statistics (organization_id, birth_year, department,"
        " joined_year, left_year, membership_years, anonymised_on) VALUES (?,?,?,?,?,?,?)");
    auto bind_year = [&s](int index, const std::optional<int>& y) {
      if (y)
        s.bind(index, *y);
      else
        s.bind(index);
    };
    s.bind(1, organization_id);
    bind_year(2, st.birth_year);
    bind_optional(s, 3, st.department);
    bind_year(4, st.joined_year);
    bind_year(5, st.left_year);
    s.bind(6, st.membership_years);
    s.bind(7, on);
    s.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "keeping an anonymised member's statistics");
  }
}

Result<std::vector<std::string>> membership_starts(SQLite::Database& db, std::int64_t member_id) {
  try {
    SQLite::Statement q(db,
                        "SELECT starts_on FROM memberships WHERE member_id = ? ORDER BY starts_on");
    q.bind(1, member_id);
    std::vector<std::string> starts;
    while (q.executeStep())
      starts.push_back(q.getColumn(0).getString());
    return starts;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a member's membership dates");
  }
}

Status optimise_member_search(SQLite::Database& db) {
  try {
    db.exec("INSERT INTO member_search (member_search) VALUES ('optimize')");
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "merging the search index");
  }
}

// ---- reviews

namespace {

constexpr const char* kReviewColumns =
    "id, organization_id, rule_id, member_id, due_on, created_at, decided_at, decided_by, decision";

Review read_review(SQLite::Statement& q) {
  Review r;
  r.id = q.getColumn(0).getInt64();
  r.organization_id = q.getColumn(1).getInt64();
  r.rule_id = q.getColumn(2).getInt64();
  r.member_id = optional_id(q.getColumn(3));
  r.due_on = q.getColumn(4).getString();
  r.created_at = q.getColumn(5).getString();
  r.decided_at = optional_text(q.getColumn(6));
  r.decided_by = optional_text(q.getColumn(7));
  r.decision = optional_text(q.getColumn(8));
  return r;
}

}  // namespace

Result<bool> open_review(SQLite::Database& db, const Review& r) {
  try {
    SQLite::Statement s(
        db,
        "INSERT OR IGNORE INTO retention_reviews (organization_id, rule_id, member_id,"
        " due_on, created_at) VALUES (?,?,?,?,?)");
    s.bind(1, r.organization_id);
    s.bind(2, r.rule_id);
    if (r.member_id)
      s.bind(3, *r.member_id);
    else
      s.bind(3);
    s.bind(4, r.due_on);
    s.bind(5, r.created_at);
    return s.exec() == 1;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "opening a retention review");
  }
}

Result<Review> get_review(SQLite::Database& db, std::int64_t organization_id, std::int64_t id) {
  try {
    SQLite::Statement q(db, std::string("SELECT ") + kReviewColumns +
                                " FROM retention_reviews WHERE organization_id = ? AND id = ?");
    q.bind(1, organization_id);
    q.bind(2, id);
    if (!q.executeStep()) return make_error(ErrorKind::not_found, "not-found", "no such review");
    return read_review(q);
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading a retention review");
  }
}

Result<std::vector<Review>> list_reviews(SQLite::Database& db, std::int64_t organization_id,
                                         bool pending_only) {
  try {
    std::string sql = std::string("SELECT ") + kReviewColumns +
                      " FROM retention_reviews WHERE organization_id = ?";
    if (pending_only) sql += " AND decision IS NULL";
    sql += " ORDER BY id";
    SQLite::Statement q(db, sql);
    q.bind(1, organization_id);
    std::vector<Review> reviews;
    while (q.executeStep())
      reviews.push_back(read_review(q));
    return reviews;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing retention reviews");
  }
}

Status decide_review(SQLite::Database& db, std::int64_t id, const std::string& decision,
                     const std::string& at, const std::string& by) {
  try {
    SQLite::Statement s(db,
                        "UPDATE retention_reviews SET decision = ?, decided_at = ?, decided_by = ?"
                        " WHERE id = ? AND decision IS NULL");
    s.bind(1, decision);
    s.bind(2, at);
    s.bind(3, by);
    s.bind(4, id);
    if (s.exec() != 1)
      return make_error(ErrorKind::conflict, "conflict", "the review was already decided");
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "deciding a retention review");
  }
}

// ---- notices

Status insert_notice(SQLite::Database& db, const Notice& n) {
  try {
    SQLite::Statement s(
        db,
        "INSERT INTO retention_notices (organization_id, kind, run_id, horizon, counts,"
        " created_at) VALUES (?,?,?,?,?,?)");
    s.bind(1, n.organization_id);
    s.bind(2, n.kind);
    if (n.run_id)
      s.bind(3, *n.run_id);
    else
      s.bind(3);
    s.bind(4, n.horizon);
    s.bind(5, n.counts);
    s.bind(6, n.created_at);
    s.exec();
    return ok_status();
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "recording a retention notice");
  }
}

Result<std::vector<Notice>> list_notices(SQLite::Database& db, std::int64_t organization_id,
                                         std::size_t limit) {
  try {
    SQLite::Statement q(
        db,
        "SELECT id, organization_id, kind, run_id, horizon, counts, created_at"
        " FROM retention_notices WHERE organization_id = ? ORDER BY id DESC LIMIT ?");
    q.bind(1, organization_id);
    q.bind(2, static_cast<std::int64_t>(limit));
    std::vector<Notice> notices;
    while (q.executeStep()) {
      Notice n;
      n.id = q.getColumn(0).getInt64();
      n.organization_id = q.getColumn(1).getInt64();
      n.kind = q.getColumn(2).getString();
      n.run_id = optional_id(q.getColumn(3));
      n.horizon = q.getColumn(4).getString();
      n.counts = q.getColumn(5).getString();
      n.created_at = q.getColumn(6).getString();
      notices.push_back(std::move(n));
    }
    return notices;
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "listing retention notices");
  }
}

Result<std::optional<std::string>> last_upcoming_horizon(SQLite::Database& db,
                                                         std::int64_t organization_id) {
  try {
    SQLite::Statement q(db,
                        "SELECT max(horizon) FROM retention_notices WHERE organization_id = ?"
                        " AND kind = 'upcoming'");
    q.bind(1, organization_id);
    q.executeStep();
    return optional_text(q.getColumn(0));
  } catch (const SQLite::Exception& e) {
    return from_sqlite(e, "reading the last retention notice");
  }
}

}  // namespace registre::store
