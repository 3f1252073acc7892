#pragma once
// Data-subject requests as cases (managers): recorded with their receipt date in the
// organisation's time zone and a due date one month later (Art. 12(3)), extended once by up to
// two months with reasons, closed or refused with a proof of what was done. Every step, and every
// read, is audited.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/subject_request.hpp"
#include "services/request_info.hpp"
#include "store/database.hpp"

namespace registre::services {

class SubjectRequestService {
 public:
  SubjectRequestService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  struct NewRequest {
    std::string kind;
    std::optional<std::string> received_on;  // default: today in the organisation's time zone
    std::optional<std::int64_t> member_id;
    std::optional<std::string> handler;  // a Nextcloud user id
  };
  // A case with `today` (the organisation's date) for deciding what is overdue.
  struct View {
    domain::SubjectRequest request;
    std::string today;
  };
  struct List {
    std::vector<domain::SubjectRequest> items;
    std::string today;
  };

  // invalid naming kind, receivedOn (not a date, or in the future), memberId (not a member of
  // this organisation), handler; nothing recorded then.
  Result<View> open(const RequestInfo& request, std::int64_t organization_id, const NewRequest& r);
  Result<View> get(const RequestInfo& request, std::int64_t organization_id, std::int64_t id);
  // Open and extended cases (or all with `open_only` false), earliest due date first.
  Result<List> list(const RequestInfo& request, std::int64_t organization_id, bool open_only);
  Result<View> extend(const RequestInfo& request, std::int64_t organization_id, std::int64_t id,
                      std::int64_t months, const std::string& reason);
  // Hands the case to `handler` (nullopt: to nobody) when `version` is still the stored one
  // (precondition_failed otherwise); closed cases too, so their record says who answered.
  Result<View> assign(const RequestInfo& request, std::int64_t organization_id, std::int64_t id,
                      std::int64_t version, const std::optional<std::string>& handler);
  // `outcome`: closed or refused.
  Result<View> close(const RequestInfo& request, std::int64_t organization_id, std::int64_t id,
                     const std::string& outcome, const std::string& proof);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace registre::services
