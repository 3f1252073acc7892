#include "services/forms_inbox_service.hpp"

#include <algorithm>

#include "core/log.hpp"
#include "crypto/sodium.hpp"
#include "domain/webhook_delivery.hpp"
#include "services/audit.hpp"
#include "store/audit_store.hpp"
#include "store/consent_store.hpp"
#include "store/organization_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

constexpr std::size_t kBatch = 20;

std::string application_subject(std::int64_t id) {
  return "application:" + std::to_string(id);
}
std::string mapping_subject(std::int64_t id) {
  return "form-mapping:" + std::to_string(id);
}

bool terminal(const std::string& status) {
  return status != "pending";
}

Status audit_inbox_change(SQLite::Database& db, const RequestInfo& request, const std::string& at,
                          const char* action, std::int64_t organization_id,
                          const std::string& subject, std::vector<std::string> fields = {}) {
  auto appended = store::append_audit_entry(
      db, audit_entry(request, at, action, organization_id, subject, std::move(fields)));
  if (!appended) return std::move(appended).error();
  return ok_status();
}

}  // namespace

std::string FormsInboxService::evidence_of(std::int64_t form_id, std::int64_t submission_id) {
  return "forms/" + std::to_string(form_id) + "/submissions/" + std::to_string(submission_id);
}

Result<FormsInboxService::Received> FormsInboxService::receive(const RequestInfo& request,
                                                               std::string_view body) {
  const std::string now = format_utc(clock_.now());
  store::InboxEntry entry;
  entry.received_at = entry.next_attempt_at = now;
  entry.body_bytes = static_cast<std::int64_t>(body.size());
  auto parsed = domain::parse_webhook_delivery(body);
  Received received;
  std::optional<Error> refusal;
  if (!parsed) {
    // Kept as a trace (when, how large, why) without the content: it may hold personal data.
    entry.status = "rejected";
    entry.reason = parsed.error().detail;
    entry.dedup_key = "body:" + crypto::blake2b_256_hex(body);
    refusal = parsed.error();
    if (parsed.error().detail == "webhook-body-too-large") {
      refusal =
          make_error(ErrorKind::payload_too_large, "payload-too-large", "webhook-body-too-large");
    }
  } else if (parsed->form_submission) {
    entry.event_class = parsed->event_class;
    entry.dedup_key = parsed->dedup_key;
    entry.body = std::string(body);
    received.outcome = "accepted";
  } else {
    // Registre registers only the events it handles; anything else is noted and dropped.
    entry.event_class = parsed->event_class;
    entry.status = "rejected";
    entry.reason = "webhook-event-not-handled";
    entry.dedup_key = "body:" + crypto::blake2b_256_hex(body);
    received.outcome = "ignored";
  }
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto stored = store::in_write_transaction(
      lease->db(), "storing a webhook delivery",
      [&](SQLite::Database& db) -> Result<bool> { return store::insert_inbox_entry(db, entry); });
  if (!stored) return std::move(stored).error();
  log::info("webhook delivery received", {{"event_class", entry.event_class},
                                          {"status", entry.status},
                                          {"reason", entry.reason.value_or("")},
                                          {"bytes", entry.body_bytes},
                                          {"duplicate", !stored.value()},
                                          {"request_id", request.request_id}});
  if (refusal) return *refusal;
  if (!stored.value()) {
    received.outcome = "duplicate";
    return received;
  }
  if (entry.status == "pending" && enqueue_) {
    enqueue_([this] {
      auto handled = process_due();
      if (!handled) log::error("webhook inbox failed", {{"detail", handled.error().detail}});
    });
  }
  return received;
}

Result<std::size_t> FormsInboxService::process_due() {
  std::lock_guard lock(processing_);
  if (!answers_) return std::size_t{0};  // standalone: nothing can read the answers
  std::vector<store::InboxEntry> due;
  {
    auto lease = db_.acquire();
    if (!lease) return std::move(lease).error();
    auto found = store::due_inbox_entries(lease->db(), format_utc(clock_.now()), kBatch);
    if (!found) return std::move(found).error();
    due = std::move(found).value();
  }
  std::size_t handled = 0;
  for (const auto& entry : due) {
    auto step = process_entry(entry);
    if (!step) {
      // A database failure: the entry stays pending and is tried again by the periodic job.
      log::error("webhook delivery not handled",
                 {{"inbox_id", entry.id}, {"detail", step.error().detail}});
      continue;
    }
    ++handled;
  }
  return handled;
}

Status FormsInboxService::end_entry(std::int64_t id, const std::string& status,
                                    const std::optional<std::string>& reason) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "ending a webhook delivery", [&](SQLite::Database& db) -> Status {
        return store::finish_inbox_entry(db, id, status, reason, format_utc(clock_.now()));
      });
}

Result<FormsInboxService::Step> FormsInboxService::process_entry(const store::InboxEntry& entry) {
  auto parsed = domain::parse_webhook_delivery(entry.body.value_or(""));
  if (!parsed || !parsed->form_submission) {
    if (auto s = end_entry(entry.id, "rejected", "webhook-event-not-handled"); !s)
      return std::move(s).error();
    return Step::ended;
  }
  const domain::FormSubmission submission = *parsed->form_submission;

  // The mapping, and the application line that makes a second delivery a no-op.
  domain::FormMapping mapping;
  domain::Application application;
  {
    auto lease = db_.acquire();
    if (!lease) return std::move(lease).error();
    auto mapped = store::form_mapping_for_form(lease->db(), submission.form_id);
    if (!mapped) return std::move(mapped).error();
    if (!mapped.value()) {
      // No organisation takes this form: its answers are none of Registre's business, so they
      // are not even read.
      log::info("form submission of an unmapped form ignored", {{"form_id", submission.form_id}});
      if (auto s = end_entry(entry.id, "ignored", "forms-unmapped-form"); !s)
        return std::move(s).error();
      return Step::ended;
    }
    mapping = *mapped.value();
    if (mapping.owner_id != submission.owner_id) {
      log::warn("form submission ignored: the form's owner is not the mapping's",
                {{"form_id", submission.form_id}, {"mapping_id", mapping.id}});
      if (auto s = end_entry(entry.id, "ignored", "forms-owner-mismatch"); !s)
        return std::move(s).error();
      return Step::ended;
    }
    auto existing =
        store::in_write_transaction(lease->db(), "opening an application",
                                    [&](SQLite::Database& db) -> Result<domain::Application> {
                                      auto found = store::application_for_submission(
                                          db, submission.form_id, submission.submission_id);
                                      if (!found) return std::move(found).error();
                                      if (found.value()) return *found.value();
                                      domain::Application a;
                                      a.organization_id = mapping.organization_id;
                                      a.form_id = submission.form_id;
                                      a.submission_id = submission.submission_id;
                                      a.created_at = a.updated_at = format_utc(clock_.now());
                                      auto id = store::insert_application(db, a);
                                      if (!id) return std::move(id).error();
                                      a.id = id.value();
                                      return a;
                                    });
    if (!existing) return std::move(existing).error();
    application = std::move(existing).value();
  }
  if (terminal(application.status)) {
    if (auto s = end_entry(entry.id, "done", "forms-submission-already-handled"); !s)
      return std::move(s).error();
    return Step::ended;
  }

  // The answers, read from Forms as the form's owner (the event carries none).
  auto fetched = answers_->submissions(submission.form_id, mapping.owner_id);
  if (!fetched) return retry_or_fail(entry, std::move(application), "forms-unreachable");
  if (!fetched->found) return retry_or_fail(entry, std::move(application), "forms-not-found");
  const nlohmann::json* answer = nullptr;
  if (fetched->submissions.is_array()) {
    for (const auto& s : fetched->submissions) {
      if (s.is_object() && s.contains("id") && s["id"].is_number_integer() &&
          s["id"].get<std::int64_t>() == submission.submission_id) {
        answer = &s;
        break;
      }
    }
  }
  if (!answer) return retry_or_fail(entry, std::move(application), "forms-not-found");

  domain::ApplicationDraft draft = domain::draft_application(mapping, *answer, fetched->questions);
  if (!draft.problems.empty()) {
    application.status = "needs_review";
    application.problems = draft.problems;
    application.answers = draft.mapped_answers;
    return finish_application(entry, std::move(application), "application.needs_review");
  }

  // The applicant. The Idempotency-Key makes a re-run (after a crash between here and the end)
  // find the member created the first time instead of creating another.
  const RequestInfo system_info = system_request();
  const std::string key = "forms:" + std::to_string(submission.form_id) + ":" +
                          std::to_string(submission.submission_id);
  auto created = members_.create(system_info, mapping.organization_id, draft.member,
                                 IdempotencyKey{key, crypto::blake2b_256_hex(key)});
  if (!created) {
    if (created.error().kind != ErrorKind::invalid) {
      return retry_or_fail(entry, std::move(application), "forms-member-not-created");
    }
    // The member rules refused an answer (an e-mail that is not one, a birth date in the
    // future...): a manager looks at it. Problems name the field and the rule.
    application.status = "needs_review";
    for (const auto& f : created.error().fields)
      application.problems.push_back(f.field + ":" + f.message);
    if (application.problems.empty()) application.problems.push_back("forms-member-refused");
    application.answers = draft.mapped_answers;
    return finish_application(entry, std::move(application), "application.needs_review");
  }
  const domain::Member& member = created->member;
  application.member_id = member.id;

  // Consents: each one recorded once, even when this runs again for the same submission.
  const std::string evidence = evidence_of(submission.form_id, submission.submission_id);
  std::vector<domain::ConsentEvent> recorded;
  {
    auto lease = db_.acquire();
    if (!lease) return std::move(lease).error();
    auto events = store::consent_events_of(lease->db(), mapping.organization_id, member.pseudonym);
    if (!events) return std::move(events).error();
    recorded = std::move(events).value();
  }
  for (std::int64_t purpose : draft.consents) {
    const bool done =
        std::any_of(recorded.begin(), recorded.end(), [&](const domain::ConsentEvent& e) {
          return e.purpose_id == purpose && e.channel == "form" && e.evidence == evidence;
        });
    if (done) continue;
    ConsentService::Decision decision;
    decision.purpose_id = purpose;
    decision.decision = "given";
    decision.channel = "form";
    decision.evidence = evidence;
    auto event = consents_.record(system_info, mapping.organization_id, member.id, decision);
    if (!event) {
      if (event.error().kind != ErrorKind::invalid) {
        return retry_or_fail(entry, std::move(application), "forms-consent-not-recorded");
      }
      // The purpose was retired or has no published text any more: the member exists, the
      // consent needs a manager.
      if (std::find(application.problems.begin(), application.problems.end(),
                    "forms-consent-refused") == application.problems.end()) {
        application.problems.push_back("forms-consent-refused");
      }
    }
  }
  if (!application.problems.empty()) {
    application.status = "needs_review";
    application.answers = draft.mapped_answers;
    return finish_application(entry, std::move(application), "application.needs_review");
  }
  application.status = "created";
  return finish_application(entry, std::move(application), "application.created");
}

Result<FormsInboxService::Step> FormsInboxService::finish_application(
    const store::InboxEntry& entry, domain::Application application, const std::string& action) {
  const std::string now = format_utc(clock_.now());
  application.updated_at = now;
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto done = store::in_write_transaction(
      lease->db(), "ending an application", [&](SQLite::Database& db) -> Status {
        if (auto s = store::update_application(db, application); !s) return s;
        std::vector<std::string> fields = {"status"};
        if (application.member_id) fields.push_back("memberId");
        if (auto s = audit_inbox_change(db, system_request(), now, action.c_str(),
                                        application.organization_id,
                                        application_subject(application.id), fields);
            !s) {
          return s;
        }
        return store::finish_inbox_entry(db, entry.id, "done", std::nullopt, now);
      });
  if (!done) return std::move(done).error();
  log::info("form submission handled", {{"application_id", application.id},
                                        {"status", application.status},
                                        {"problems", application.problems.size()}});
  return Step::ended;
}

Result<FormsInboxService::Step> FormsInboxService::retry_or_fail(const store::InboxEntry& entry,
                                                                 domain::Application application,
                                                                 const std::string& reason) {
  const std::int64_t attempts = entry.attempts + 1;
  const auto now = clock_.now();
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  application.attempts = attempts;
  application.updated_at = format_utc(now);
  if (attempts < max_attempts_) {
    const auto wait = first_backoff_ * (1LL << std::min<std::int64_t>(attempts - 1, 10));
    const std::string next = format_utc(now + wait);
    auto s = store::in_write_transaction(
        lease->db(), "rescheduling a webhook delivery", [&](SQLite::Database& db) -> Status {
          if (auto u = store::update_application(db, application); !u) return u;
          return store::reschedule_inbox_entry(db, entry.id, attempts, next, reason);
        });
    if (!s) return std::move(s).error();
    log::warn("form answers not read; will retry", {{"application_id", application.id},
                                                    {"reason", reason},
                                                    {"attempt", attempts},
                                                    {"next_attempt_at", next}});
    return Step::retry;
  }
  application.status = "failed";
  application.problems = {reason};
  const std::string at = format_utc(now);
  auto s = store::in_write_transaction(
      lease->db(), "failing an application", [&](SQLite::Database& db) -> Status {
        if (auto u = store::update_application(db, application); !u) return u;
        if (auto a = audit_inbox_change(db, system_request(), at, "application.failed",
                                        application.organization_id,
                                        application_subject(application.id), {"status"});
            !a) {
          return a;
        }
        return store::finish_inbox_entry(db, entry.id, "failed", reason, at);
      });
  if (!s) return std::move(s).error();
  log::error("form submission failed",
             {{"application_id", application.id}, {"reason", reason}, {"attempts", attempts}});
  return Step::ended;
}

Result<std::vector<domain::FormMapping>> FormsInboxService::list_mappings(
    std::int64_t organization_id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto org = store::get_organization(lease->db(), organization_id);
  if (!org) return std::move(org).error();
  return store::form_mappings_of(lease->db(), organization_id);
}

Status FormsInboxService::check_mapping(SQLite::Database& db, const RequestInfo& request,
                                        const domain::FormMapping& mapping) {
  std::vector<FieldError> errors;
  // Answers are read as the owner: mapping another user's form would hand its answers to this
  // organisation, so only an administrator may name someone else.
  const bool admin = request.roles.has(auth::Role::admin) || request.actor.local_admin;
  if (!admin && mapping.owner_id != request.actor.user_id)
    errors.push_back({"ownerId", "forms-owner-must-be-you"});
  for (const auto& [question, purpose] : mapping.consents) {
    auto found = store::purpose_of_organization(db, mapping.organization_id, purpose);
    if (!found) return std::move(found).error();
    if (!found.value()) {
      errors.push_back({"consents", "forms-unknown-purpose"});
      break;
    }
  }
  if (!errors.empty()) return invalid_fields(std::move(errors));
  return ok_status();
}

Result<domain::FormMapping> FormsInboxService::create_mapping(const RequestInfo& request,
                                                              domain::FormMapping draft) {
  if (draft.owner_id.empty()) draft.owner_id = request.actor.user_id;
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "creating a form mapping",
      [&](SQLite::Database& db) -> Result<domain::FormMapping> {
        auto org = store::get_organization(db, draft.organization_id);
        if (!org) return std::move(org).error();
        if (auto s = check_mapping(db, request, draft); !s) return std::move(s).error();
        auto taken = store::form_mapping_for_form(db, draft.form_id);
        if (!taken) return std::move(taken).error();
        if (taken.value()) {
          Error e = make_error(ErrorKind::conflict, "conflict", "this form is already mapped");
          e.fields.push_back({"formId", "forms-form-already-mapped"});
          return e;
        }
        draft.created_at = draft.updated_at = format_utc(clock_.now());
        draft.created_by = request.actor.audit_name();
        auto id = store::insert_form_mapping(db, draft);
        if (!id) return std::move(id).error();
        draft.id = id.value();
        draft.version = 1;
        if (auto s = audit_inbox_change(db, request, draft.created_at, "form_mapping.created",
                                        draft.organization_id, mapping_subject(draft.id),
                                        {"formId", "ownerId", "fields", "consents"});
            !s) {
          return std::move(s).error();
        }
        return draft;
      });
}

Result<domain::FormMapping> FormsInboxService::update_mapping(const RequestInfo& request,
                                                              std::int64_t organization_id,
                                                              std::int64_t id,
                                                              std::int64_t expected_version,
                                                              const MappingChanges& changes) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "changing a form mapping",
      [&](SQLite::Database& db) -> Result<domain::FormMapping> {
        auto current = store::get_form_mapping(db, organization_id, id);
        if (!current) return current;
        domain::FormMapping m = std::move(current).value();
        if (m.version != expected_version) {
          return make_error(
              ErrorKind::precondition_failed, "precondition-failed",
              "the mapping was changed since version " + std::to_string(expected_version));
        }
        std::vector<std::string> changed;
        if (changes.owner_id) {
          m.owner_id = *changes.owner_id;
          changed.push_back("ownerId");
        }
        if (changes.fields) {
          m.fields = *changes.fields;
          changed.push_back("fields");
        }
        if (changes.consents) {
          m.consents = *changes.consents;
          changed.push_back("consents");
        }
        if (auto s = check_mapping(db, request, m); !s) return std::move(s).error();
        m.updated_at = format_utc(clock_.now());
        if (auto s = store::update_form_mapping(db, m); !s) return std::move(s).error();
        m.version += 1;
        if (auto s = audit_inbox_change(db, request, m.updated_at, "form_mapping.updated",
                                        organization_id, mapping_subject(m.id), changed);
            !s) {
          return std::move(s).error();
        }
        return m;
      });
}

Status FormsInboxService::delete_mapping(const RequestInfo& request, std::int64_t organization_id,
                                         std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "deleting a form mapping", [&](SQLite::Database& db) -> Status {
        if (auto s = store::delete_form_mapping(db, organization_id, id); !s) return s;
        return audit_inbox_change(db, request, format_utc(clock_.now()), "form_mapping.deleted",
                                  organization_id, mapping_subject(id));
      });
}

Result<std::vector<domain::Application>> FormsInboxService::list_applications(
    std::int64_t organization_id, const std::string& status) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  auto org = store::get_organization(lease->db(), organization_id);
  if (!org) return std::move(org).error();
  return store::applications_of(lease->db(), organization_id, status, 500);
}

Result<domain::Application> FormsInboxService::get_application(const RequestInfo& request,
                                                               std::int64_t organization_id,
                                                               std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "reading an application",
      [&](SQLite::Database& db) -> Result<domain::Application> {
        auto a = store::get_application(db, organization_id, id);
        if (!a) return a;
        if (a->answers) {
          if (auto s = audit_inbox_change(db, request, format_utc(clock_.now()), "application.read",
                                          organization_id, application_subject(id), {"answers"});
              !s) {
            return std::move(s).error();
          }
        }
        return a;
      });
}

Result<domain::Application> FormsInboxService::dismiss(const RequestInfo& request,
                                                       std::int64_t organization_id,
                                                       std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "dismissing an application",
      [&](SQLite::Database& db) -> Result<domain::Application> {
        auto current = store::get_application(db, organization_id, id);
        if (!current) return current;
        domain::Application a = std::move(current).value();
        if (a.status != "needs_review") {
          Error e = make_error(ErrorKind::conflict, "conflict",
                               "only an application waiting for review can be dismissed");
          e.fields.push_back({"status", "forms-not-waiting-for-review"});
          return e;
        }
        const std::string now = format_utc(clock_.now());
        a.status = "rejected";
        a.answers.reset();  // the answers were kept for the review only
        a.updated_at = now;
        a.resolved_at = now;
        a.resolved_by = request.actor.audit_name();
        if (auto s = store::update_application(db, a); !s) return std::move(s).error();
        if (auto s = audit_inbox_change(db, request, now, "application.dismissed", organization_id,
                                        application_subject(a.id), {"status"});
            !s) {
          return std::move(s).error();
        }
        return a;
      });
}

}  // namespace registre::services
