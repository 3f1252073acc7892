#pragma once
// The retention engine (GDPR Art. 5(1)(e)): rules per organisation, legal holds, a preview for
// any date that explains itself, approvals of a preview, and runs (daily and on demand) that
// act in batches, each one transaction, survive a crash, and end with a report whose hash is
// chained into the audit log. The preview and the run find what is due with the same code
// (compute_due). Split in three files: rules and holds (retention_service.cpp), what is due
// (retention_preview.cpp), runs (retention_runs.cpp).

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/organization.hpp"
#include "domain/retention_presets.hpp"
#include "domain/retention_rule.hpp"
#include "services/request_info.hpp"
#include "services/sensitive_values.hpp"
#include "store/database.hpp"
#include "store/erasure_journal.hpp"
#include "store/retention_store.hpp"

namespace registre::services {

struct RetentionSettings {
  std::string run_at = "03:00";  // HH:MM in the organisation's time zone
  bool require_approval = true;  // erase and anonymise act only on approved previews
  int notice_days = 14;          // managers are told this many days before work falls due
  int batch_size = 100;          // records per transaction
};

// The "retention" object of an organisation's settings; defaults for what is missing.
RetentionSettings parse_retention_settings(const std::string& json);

class RetentionService {
 public:
  RetentionService(store::Database& db, const Clock& clock, SensitiveValues& sensitive,
                   store::ErasureJournal& journal)
      : db_(db), clock_(clock), sensitive_(sensitive), journal_(journal) {}

  // ---- settings
  Result<RetentionSettings> settings(std::int64_t organization_id);
  Result<RetentionSettings> change_settings(const RequestInfo& request,
                                            std::int64_t organization_id,
                                            const RetentionSettings& settings);

  // ---- rules and defaults
  Result<std::vector<domain::RetentionRule>> rules(std::int64_t organization_id);
  // invalid naming the field; conflict naming the rule it contradicts; nothing stored then.
  Result<domain::RetentionRule> create_rule(const RequestInfo& request,
                                            std::int64_t organization_id,
                                            domain::RetentionRule rule);
  // `rule.id` and `rule.version` name the rule and the version read (precondition_failed).
  Result<domain::RetentionRule> change_rule(const RequestInfo& request,
                                            std::int64_t organization_id,
                                            domain::RetentionRule rule);

  struct PresetState {
    domain::RetentionPreset preset;
    std::string state;  // adopted, refused, open
    std::optional<std::int64_t> rule_id;
  };
  Result<std::vector<PresetState>> presets(std::int64_t organization_id);
  Result<domain::RetentionRule> adopt_preset(const RequestInfo& request,
                                             std::int64_t organization_id, const std::string& key,
                                             const std::string& language);
  Status refuse_preset(const RequestInfo& request, std::int64_t organization_id,
                       const std::string& key);

  // ---- legal holds
  Result<store::LegalHold> place_hold(const RequestInfo& request, std::int64_t organization_id,
                                      std::int64_t member_id, const std::string& reason,
                                      const std::string& until_on);
  // Holds in force today.
  Result<std::vector<store::LegalHold>> holds(const RequestInfo& request,
                                              std::int64_t organization_id);
  Status release_hold(const RequestInfo& request, std::int64_t organization_id,
                      std::int64_t hold_id);

  // ---- what is due
  struct DueItem {
    store::DueRecord record;
    std::string trigger_date;  // calendar date in the organisation's time zone
    std::string due_on;        // trigger_date + the rule's delay
    // due, held, awaiting-approval, approved (erase and anonymise when approval is required)
    std::string state;
    std::optional<store::LegalHold> hold;
  };
  struct RuleDue {
    domain::RetentionRule rule;
    std::vector<DueItem> items;
  };
  struct Preview {
    std::string as_of;
    bool approval_required = false;
    std::vector<RuleDue> rules;
    std::string hash;  // of what is due (rule, version, record, hold): approvals quote it
  };
  // `on`: the date to preview (nullopt: today). invalid naming "on" for a bad date.
  Result<Preview> preview(const RequestInfo& request, std::int64_t organization_id,
                          const std::optional<std::string>& on);

  // Why each rule does or does not apply to one member on a date.
  struct Explanation {
    domain::RetentionRule rule;
    bool due = false;
    std::string reason;  // due, held, not-yet-due, not-in-subject, no-trigger-date, rule-disabled,
                         // record-rule
    std::optional<std::string> trigger_date, due_on;
    std::optional<store::LegalHold> hold;
  };
  Result<std::vector<Explanation>> explain(const RequestInfo& request, std::int64_t organization_id,
                                           std::int64_t member_id,
                                           const std::optional<std::string>& on);

  // Approves the preview of `on` whose hash is `preview_hash`: conflict (stale preview) when what
  // is due now differs from what that preview showed. Returns the approval's id and item count.
  struct Approval {
    std::int64_t id = 0;
    std::string as_of;
    std::size_t items = 0;
  };
  Result<Approval> approve(const RequestInfo& request, std::int64_t organization_id,
                           const std::string& on, const std::string& preview_hash);

  // ---- runs
  struct RunView {
    store::Run run;
    std::vector<store::RunItem> items;
  };
  // Runs now (finishing first a run a crash interrupted). Returns the completed run.
  Result<RunView> run_now(const RequestInfo& request, std::int64_t organization_id);
  Result<std::vector<store::Run>> runs(std::int64_t organization_id);
  Result<RunView> run(std::int64_t organization_id, std::int64_t run_id);
  // The daily job: for every organisation, finishes interrupted runs, runs once a day at the
  // configured time, and announces upcoming work. Returns how many runs completed.
  Result<std::size_t> tick();

  // ---- reviews and notices
  Result<std::vector<store::Review>> reviews(std::int64_t organization_id, bool pending_only);
  // decision keep: a legal hold with `reason` until `until_on`; erase: the member is erased now.
  Result<store::Review> decide_review(const RequestInfo& request, std::int64_t organization_id,
                                      std::int64_t review_id, const std::string& decision,
                                      const std::optional<std::string>& reason,
                                      const std::optional<std::string>& until_on);
  Result<std::vector<store::Notice>> notices(std::int64_t organization_id);

 private:
  // What `rules` have due on `as_of` in the organisation; the one search both the preview and
  // the run use.
  Result<std::vector<RuleDue>> compute_due(SQLite::Database& db, std::int64_t organization_id,
                                           const std::vector<domain::RetentionRule>& rules,
                                           domain::Date as_of, bool approval_required);
  Result<Preview> preview_in(SQLite::Database& db, std::int64_t organization_id,
                             domain::Date as_of);
  Result<RunView> run_in(const RequestInfo& request, std::int64_t organization_id,
                         bool resume_only);
  Result<std::size_t> execute(const RequestInfo& request, std::int64_t organization_id,
                              std::int64_t run_id, int batch_size);
  // The job's work for one organisation; true when a run completed.
  Result<bool> tick_organization(const domain::Organization& org);
  Status announce_upcoming(std::int64_t organization_id, domain::Date today, int notice_days);

  store::Database& db_;
  const Clock& clock_;
  SensitiveValues& sensitive_;
  store::ErasureJournal& journal_;
};

// The member subjects' status: former, applicant, lapsed.
std::string status_of_subject(domain::RetentionSubject subject);

}  // namespace registre::services
