#pragma once
// Nextcloud Forms -> membership applications: how an organisation maps a form's questions to a
// member's fields and its consent questions to purposes, and what one submission's answers then
// give. Pure: the answers come in as the Forms OCS API v3 returned them (forms.jsonl seq 13).

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/member.hpp"

namespace registre::domain {

// What a question's answer fills. "name" is a full name in one question ("Bob Builder"): its last
// word becomes the last name and the rest the first name. "custom:<key>" is a custom field.
// The others are the member's fields under their API names.
bool is_form_field_target(const std::string& target);

struct FormMapping {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::int64_t form_id = 0;
  // The form's owner in Nextcloud: answers are read as this user, and a delivery whose form has
  // another owner is ignored (a manager cannot map someone else's form to read its answers).
  std::string owner_id;
  std::map<std::int64_t, std::string> fields;     // question id -> target
  std::map<std::int64_t, std::int64_t> consents;  // question id -> purpose id
  std::string created_at;
  std::string created_by;
  std::string updated_at;
  std::int64_t version = 1;
};

// The mapping's question maps as stored and shown: {"<questionId>": value}.
nlohmann::json fields_to_json(const std::map<std::int64_t, std::string>& fields);
nlohmann::json consents_to_json(const std::map<std::int64_t, std::int64_t>& consents);
// Reads them back; field errors (named `name`) for ids that are not positive integers, targets
// that are unknown, purpose ids that are not positive, more than 100 entries.
Result<std::map<std::int64_t, std::string>> fields_from_json(const nlohmann::json& object,
                                                             const char* name);
Result<std::map<std::int64_t, std::int64_t>> consents_from_json(const nlohmann::json& object,
                                                                const char* name);

// What one submission gives.
struct ApplicationDraft {
  MemberChanges member;                // the applicant (no admission date: an applicant)
  std::vector<std::int64_t> consents;  // purposes whose consent box was ticked
  std::vector<std::string> problems;   // message ids; empty = can be created at once
  // The answers to mapped questions only (question id -> texts), kept for a review.
  nlohmann::json mapped_answers = nlohmann::json::object();
};

// `submission` is one element of data.submissions ({"id","answers":[{"questionId","text"}]});
// `questions` is data.questions (used to notice mapped questions the form no longer has).
// Problems: "forms-no-name", "forms-no-contact" (neither e-mail nor phone),
// "forms-unknown-question", "forms-answer-too-long", "forms-answers-unreadable". The e-mail's
// syntax is checked by the member rules when the member is created (its field errors become
// problems then).
ApplicationDraft draft_application(const FormMapping& mapping, const nlohmann::json& submission,
                                   const nlohmann::json& questions);

}  // namespace registre::domain

namespace registre::domain {

// A submission of a mapped form, and what became of it (schema/0012's applications table).
struct Application {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::int64_t form_id = 0;
  std::int64_t submission_id = 0;
  std::string status = "pending";  // pending, created, needs_review, rejected, failed
  std::optional<std::int64_t> member_id;
  std::vector<std::string> problems;      // message ids
  std::optional<nlohmann::json> answers;  // answers to mapped questions, while needs_review
  std::int64_t attempts = 0;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> resolved_at;
  std::optional<std::string> resolved_by;
};

}  // namespace registre::domain
