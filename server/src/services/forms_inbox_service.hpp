#pragma once
// Incoming Nextcloud webhooks and Nextcloud Forms membership applications (issue 6):
//  - receive(): on the HTTP thread, stores a delivery in the inbox (idempotent) and asks the job
//    runner to handle it; answers at once (Nextcloud waits 3 s and never retries);
//  - process_due(): on the job thread, reads each pending form submission's answers from Forms
//    as the form's owner and turns them into an applicant member with consents, or into an
//    application a manager reviews;
//  - the organisations' form mappings and their applications (routes in http/inbox_routes.cpp).

#include <chrono>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "domain/forms_application.hpp"
#include "services/consent_service.hpp"
#include "services/member_service.hpp"
#include "services/request_info.hpp"
#include "store/database.hpp"
#include "store/inbox_store.hpp"

namespace registre::services {

// Where a form's answers come from (nextcloud/forms_client.hpp in Nextcloud mode).
class FormsAnswers {
 public:
  virtual ~FormsAnswers() = default;
  struct Fetched {
    bool found = false;  // false: Forms answered 404 (form or submission deleted)
    nlohmann::json submissions = nlohmann::json::array();
    nlohmann::json questions = nlohmann::json::array();
  };
  // Errors: `upstream` (unreachable, refused, timeout): worth retrying.
  virtual Result<Fetched> submissions(std::int64_t form_id, const std::string& owner_id) = 0;
};

class FormsInboxService {
 public:
  // `answers` null (standalone mode): form submissions stay pending. `enqueue` queues a job.
  FormsInboxService(store::Database& db, const Clock& clock, MemberService& members,
                    ConsentService& consents, FormsAnswers* answers,
                    std::function<bool(std::function<void()>)> enqueue)
      : db_(db),
        clock_(clock),
        members_(members),
        consents_(consents),
        answers_(answers),
        enqueue_(std::move(enqueue)) {}

  struct Received {
    std::string outcome;  // accepted, duplicate, ignored (an event Registre does not handle)
  };
  // Stores one delivery. `invalid` (message id in detail) for a malformed body, which is kept as
  // a rejected entry without its content; `payload_too_large` above the limit.
  Result<Received> receive(const RequestInfo& request, std::string_view body);

  // Handles the pending deliveries that are due; returns how many were handled (ended or
  // rescheduled). Never two at once.
  Result<std::size_t> process_due();

  // Attempts before a submission whose answers cannot be read is marked failed, and the wait
  // before the first retry (doubled each time).
  void set_retry_policy(int max_attempts, std::chrono::seconds first_backoff) {
    max_attempts_ = max_attempts;
    first_backoff_ = first_backoff;
  }

  // Form mappings of an organisation.
  Result<std::vector<domain::FormMapping>> list_mappings(std::int64_t organization_id);
  // `draft.owner_id` empty = the caller. Only an administrator maps a form another user owns.
  Result<domain::FormMapping> create_mapping(const RequestInfo& request, domain::FormMapping draft);
  struct MappingChanges {
    std::optional<std::string> owner_id;
    std::optional<std::map<std::int64_t, std::string>> fields;
    std::optional<std::map<std::int64_t, std::int64_t>> consents;
  };
  Result<domain::FormMapping> update_mapping(const RequestInfo& request,
                                             std::int64_t organization_id, std::int64_t id,
                                             std::int64_t expected_version,
                                             const MappingChanges& changes);
  Status delete_mapping(const RequestInfo& request, std::int64_t organization_id, std::int64_t id);

  // Applications, newest first; `status` empty = all.
  Result<std::vector<domain::Application>> list_applications(std::int64_t organization_id,
                                                             const std::string& status);
  // One application, its kept answers included (audited when there are any).
  Result<domain::Application> get_application(const RequestInfo& request,
                                              std::int64_t organization_id, std::int64_t id);
  // Dismisses an application waiting for review: rejected, its answers deleted. Audited.
  Result<domain::Application> dismiss(const RequestInfo& request, std::int64_t organization_id,
                                      std::int64_t id);

  // The consent evidence of a submission: "forms/<formId>/submissions/<submissionId>".
  static std::string evidence_of(std::int64_t form_id, std::int64_t submission_id);

 private:
  enum class Step { ended, retry };
  Result<Step> process_entry(const store::InboxEntry& entry);
  Status end_entry(std::int64_t id, const std::string& status,
                   const std::optional<std::string>& reason);
  Result<Step> retry_or_fail(const store::InboxEntry& entry, domain::Application application,
                             const std::string& reason);
  Result<Step> finish_application(const store::InboxEntry& entry, domain::Application application,
                                  const std::string& action);
  Status check_mapping(SQLite::Database& db, const RequestInfo& request,
                       const domain::FormMapping& mapping);

  store::Database& db_;
  const Clock& clock_;
  MemberService& members_;
  ConsentService& consents_;
  FormsAnswers* answers_;
  std::function<bool(std::function<void()>)> enqueue_;
  std::mutex processing_;
  int max_attempts_ = 5;
  std::chrono::seconds first_backoff_{60};
};

}  // namespace registre::services
