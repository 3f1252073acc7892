#pragma once
// Data-subject requests (GDPR Art. 15-22) as cases: their kinds, their deadline and the steps a
// case goes through. Pure: no I/O, no other layer.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/calendar_date.hpp"

namespace registre::domain {

struct SubjectRequest {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::optional<std::int64_t> member_id;         // the member concerned, when known
  std::string kind;                              // access, rectification, erasure, ...
  std::string received_on;                       // ISO date in the organisation's time zone
  std::string due_on;                            // received + 1 month, or + 1 + extension months
  std::string status = "open";                   // open, extended, closed, refused
  std::optional<std::string> handler;            // the Nextcloud user handling the case
  std::optional<std::int64_t> extension_months;  // 1 or 2, once
  std::optional<std::string> extension_reason;   // told to the person (Art. 12(3))
  std::optional<std::string> closed_on;          // ISO date, organisation's time zone
  std::optional<std::string>
      closure_proof;  // what was done or why refused, and where the answer is
  std::string created_at;
  std::string created_by;
  std::string updated_at;
  std::int64_t version = 1;
};

bool is_request_kind(std::string_view kind);
bool is_open(const SubjectRequest& r);  // open or extended

// `months` calendar months after `from`; when that month is shorter, its last day (received on
// 31 January: due on 28 or 29 February), as periods in months are counted in EU law
// (Regulation 1182/71, Art. 3(2)(c)).
Date add_months(Date from, int months);

// Art. 12(3): one month from receipt.
inline constexpr int kAnswerMonths = 1;
// ... which may be extended by up to two further months, once, with the reasons given.
inline constexpr int kMaxExtensionMonths = 2;

// Extends an open case by `months` (1 or 2) with `reason` (1 to 2000 characters): the due date
// becomes receipt + 1 + months. Field errors (named extensionMonths, reason, status); empty when
// done.
std::vector<FieldError> extend(SubjectRequest& r, std::int64_t months, const std::string& reason);

// Closes ("closed") or refuses ("refused") an open case on `today` with `proof` (1 to 4000
// characters): what was done, or why not, and where the answer sent is kept. Field errors (named
// status, closureProof); empty when done.
std::vector<FieldError> close(SubjectRequest& r, const std::string& outcome,
                              const std::string& proof, const std::string& today);

}  // namespace registre::domain
