#include "domain/subject_request.hpp"

#include <array>

#include "domain/utf8.hpp"

namespace registre::domain {
namespace {

constexpr std::array<std::string_view, 6> kKinds = {"access",      "rectification", "erasure",
                                                    "restriction", "portability",   "objection"};

}  // namespace

bool is_request_kind(std::string_view kind) {
  for (auto k : kKinds) {
    if (k == kind) return true;
  }
  return false;
}

bool is_open(const SubjectRequest& r) {
  return r.status == "open" || r.status == "extended";
}

Date add_months(Date from, int months) {
  using namespace std::chrono;
  const year_month target = year_month(from.year(), from.month()) + std::chrono::months(months);
  const day last = year_month_day_last(target.year(), month_day_last(target.month())).day();
  return Date(target.year(), target.month(), from.day() > last ? last : from.day());
}

std::vector<FieldError> extend(SubjectRequest& r, std::int64_t months, const std::string& reason) {
  std::vector<FieldError> errors;
  if (r.status != "open") errors.push_back({"status", "request-not-extendable"});
  if (months < 1 || months > kMaxExtensionMonths) {
    errors.push_back({"extensionMonths", "extension-1-or-2-months"});
  }
  if (!is_valid_utf8(reason) || reason.empty() || utf8_length(reason) > 2000) {
    errors.push_back({"reason", "1-to-2000-characters"});
  }
  if (!errors.empty()) return errors;
  const auto received = parse_date(r.received_on);
  r.due_on = format_iso(add_months(*received, kAnswerMonths + static_cast<int>(months)));
  r.status = "extended";
  r.extension_months = months;
  r.extension_reason = reason;
  return errors;
}

std::vector<FieldError> close(SubjectRequest& r, const std::string& outcome,
                              const std::string& proof, const std::string& today) {
  std::vector<FieldError> errors;
  if (!is_open(r))
    errors.push_back({"status", "request-already-closed"});
  else if (outcome != "closed" && outcome != "refused")
    errors.push_back({"status", "closing-values"});
  if (!is_valid_utf8(proof) || proof.empty() || utf8_length(proof) > 4000) {
    errors.push_back({"closureProof", "1-to-4000-characters"});
  }
  if (!errors.empty()) return errors;
  r.status = outcome;
  r.closure_proof = proof;
  r.closed_on = today;
  return errors;
}

}  // namespace registre::domain
