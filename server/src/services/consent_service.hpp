#pragma once
// A member's consents: recording decisions in the ledger, current consents, history.

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/consent_event.hpp"
#include "domain/purpose.hpp"
#include "services/request_info.hpp"
#include "store/database.hpp"

namespace registre::services {

class ConsentService {
 public:
  ConsentService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  struct Decision {
    std::int64_t purpose_id = 0;
    std::optional<std::int64_t> version_id;  // default: the purpose's latest version
    std::string decision;                    // given, withdrawn, refused
    std::string channel;                     // web, paper, import, form, public_link, api
    std::string evidence;                    // optional, at most 500 bytes
  };
  // Appends one event to the organisation's ledger, at the clock's time, audited. Refused
  // (invalid, naming the field, nothing recorded) for an unknown purpose or version, a version of
  // another purpose, a retired purpose, a purpose without a published text.
  Result<domain::ConsentEvent> record(const RequestInfo& request, std::int64_t organization_id,
                                      std::int64_t member_id, const Decision& decision);

  struct Current {
    domain::Purpose purpose;
    std::optional<domain::PurposeVersion> latest_version;
    std::optional<domain::ConsentEvent> latest_event;
    domain::ConsentState state = domain::ConsentState::none;
  };
  // One line per purpose of the organisation (retired ones only when the member decided on them).
  Result<std::vector<Current>> current(const RequestInfo& request, std::int64_t organization_id,
                                       std::int64_t member_id);
  // Every event of the member, oldest first.
  Result<std::vector<domain::ConsentEvent>> history(const RequestInfo& request,
                                                    std::int64_t organization_id,
                                                    std::int64_t member_id);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace registre::services
