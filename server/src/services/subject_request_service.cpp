#include "services/subject_request_service.hpp"

#include "services/audit.hpp"
#include "services/organization_today.hpp"
#include "services/webhook_events.hpp"
#include "store/audit_store.hpp"
#include "store/member_store.hpp"
#include "store/subject_request_store.hpp"
#include "store/unit_of_work.hpp"

namespace registre::services {
namespace {

std::string request_subject(std::int64_t id) {
  return "subject_request:" + std::to_string(id);
}

webhook_events::RequestChange webhook_change(const domain::SubjectRequest& r) {
  return {r.organization_id, r.id, r.member_id, r.kind, r.status, r.received_on, r.due_on};
}

// Applies a domain step to the stored case, writes it and audits it: one transaction. With
// `expected_version`, a case changed since the caller read it is refused (412).
template <class Step>
Result<SubjectRequestService::View> change(store::Database& database, const Clock& clock,
                                           const RequestInfo& request, std::int64_t organization_id,
                                           std::int64_t id, const std::string& action,
                                           std::vector<std::string> fields, Step step,
                                           std::optional<std::int64_t> expected_version = {}) {
  auto lease = database.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "changing a data-subject request",
      [&](SQLite::Database& db) -> Result<SubjectRequestService::View> {
        auto today = today_in(db, organization_id, clock);
        if (!today) return std::move(today).error();
        auto stored = store::get_subject_request(db, organization_id, id);
        if (!stored) return std::move(stored).error();
        if (expected_version && *expected_version != stored->version) {
          return make_error(ErrorKind::precondition_failed, "precondition-failed",
                            "the request case changed since it was read");
        }
        SubjectRequestService::View view{std::move(stored).value(),
                                         domain::format_iso(today.value())};
        if (auto errors = step(view.request, view.today); !errors.empty()) {
          return invalid_fields(std::move(errors));
        }
        view.request.updated_at = format_utc(clock.now());
        view.request.version += 1;
        auto written = store::update_subject_request(db, view.request);
        if (!written) return std::move(written).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, view.request.updated_at, action, organization_id,
                            request_subject(id), std::move(fields)));
        if (!audit) return std::move(audit).error();
        if (view.request.status == "closed" || view.request.status == "refused") {
          if (auto s = webhook_events::request_closed(db, webhook_change(view.request),
                                                      view.request.updated_at);
              !s) {
            return std::move(s).error();
          }
        }
        return view;
      });
}

}  // namespace

Result<SubjectRequestService::View> SubjectRequestService::open(const RequestInfo& request,
                                                                std::int64_t organization_id,
                                                                const NewRequest& r) {
  std::vector<FieldError> errors;
  if (!domain::is_request_kind(r.kind)) errors.push_back({"kind", "request-kind-values"});
  std::optional<domain::Date> received;
  if (r.received_on) {
    received = domain::parse_date(*r.received_on);
    if (!received) errors.push_back({"receivedOn", "iso-date"});
  }
  if (r.handler && (r.handler->empty() || r.handler->size() > 64)) {
    errors.push_back({"handler", "1-to-64-characters"});
  }
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "recording a data-subject request", [&](SQLite::Database& db) -> Result<View> {
        auto today = today_in(db, organization_id, clock_);
        if (!today) return std::move(today).error();
        if (received && *received > today.value())
          errors.push_back({"receivedOn", "not-in-the-future"});
        if (r.member_id && !store::get_member(db, organization_id, *r.member_id)) {
          errors.push_back({"memberId", "not-a-member-here"});
        }
        if (!errors.empty()) return invalid_fields(std::move(errors));
        const domain::Date from = received.value_or(today.value());
        View view;
        view.today = domain::format_iso(today.value());
        auto& c = view.request;
        c.organization_id = organization_id;
        c.member_id = r.member_id;
        c.kind = r.kind;
        c.received_on = domain::format_iso(from);
        c.due_on = domain::format_iso(domain::add_months(from, domain::kAnswerMonths));
        c.handler = r.handler;
        c.created_at = format_utc(clock_.now());
        c.created_by = request.actor.audit_name();
        c.updated_at = c.created_at;
        auto id = store::insert_subject_request(db, c);
        if (!id) return std::move(id).error();
        c.id = id.value();
        std::vector<std::string> fields = {"kind", "receivedOn"};
        if (c.member_id) fields.push_back("memberId");
        if (c.handler) fields.push_back("handler");
        auto audit = store::append_audit_entry(
            db, audit_entry(request, c.created_at, "request.opened", organization_id,
                            request_subject(c.id), std::move(fields)));
        if (!audit) return std::move(audit).error();
        if (auto s = webhook_events::request_opened(db, webhook_change(c), c.created_at); !s) {
          return std::move(s).error();
        }
        return view;
      });
}

Result<SubjectRequestService::View> SubjectRequestService::get(const RequestInfo& request,
                                                               std::int64_t organization_id,
                                                               std::int64_t id) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "reading a data-subject request", [&](SQLite::Database& db) -> Result<View> {
        auto today = today_in(db, organization_id, clock_);
        if (!today) return std::move(today).error();
        auto stored = store::get_subject_request(db, organization_id, id);
        if (!stored) return std::move(stored).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, format_utc(clock_.now()), "request.read", organization_id,
                            request_subject(id)));
        if (!audit) return std::move(audit).error();
        return View{std::move(stored).value(), domain::format_iso(today.value())};
      });
}

Result<SubjectRequestService::List> SubjectRequestService::list(const RequestInfo& request,
                                                                std::int64_t organization_id,
                                                                bool open_only) {
  auto lease = db_.acquire();
  if (!lease) return std::move(lease).error();
  return store::in_write_transaction(
      lease->db(), "listing data-subject requests", [&](SQLite::Database& db) -> Result<List> {
        auto today = today_in(db, organization_id, clock_);
        if (!today) return std::move(today).error();
        auto items = store::list_subject_requests(db, organization_id, open_only);
        if (!items) return std::move(items).error();
        auto audit = store::append_audit_entry(
            db, audit_entry(request, format_utc(clock_.now()), "request.listed", organization_id,
                            "organization:" + std::to_string(organization_id)));
        if (!audit) return std::move(audit).error();
        return List{std::move(items).value(), domain::format_iso(today.value())};
      });
}

Result<SubjectRequestService::View> SubjectRequestService::extend(const RequestInfo& request,
                                                                  std::int64_t organization_id,
                                                                  std::int64_t id,
                                                                  std::int64_t months,
                                                                  const std::string& reason) {
  return change(db_, clock_, request, organization_id, id, "request.extended",
                {"extensionMonths", "reason", "dueOn"},
                [&](domain::SubjectRequest& r, const std::string&) {
                  return domain::extend(r, months, reason);
                });
}

Result<SubjectRequestService::View> SubjectRequestService::close(const RequestInfo& request,
                                                                 std::int64_t organization_id,
                                                                 std::int64_t id,
                                                                 const std::string& outcome,
                                                                 const std::string& proof) {
  return change(db_, clock_, request, organization_id, id, "request.closed",
                {"status", "closureProof"},
                [&](domain::SubjectRequest& r, const std::string& today) {
                  return domain::close(r, outcome, proof, today);
                });
}

Result<SubjectRequestService::View> SubjectRequestService::assign(
    const RequestInfo& request, std::int64_t organization_id, std::int64_t id, std::int64_t version,
    const std::optional<std::string>& handler) {
  return change(
      db_, clock_, request, organization_id, id, "request.assigned", {"handler"},
      [&](domain::SubjectRequest& r, const std::string&) {
        std::vector<FieldError> errors;
        if (handler && (handler->empty() || handler->size() > 64)) {
          errors.push_back({"handler", "1-to-64-characters"});
        }
        if (errors.empty()) r.handler = handler;
        return errors;
      },
      version);
}

}  // namespace registre::services
