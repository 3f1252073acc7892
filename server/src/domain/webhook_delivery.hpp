#pragma once
// A webhook delivery from Nextcloud's webhook_listeners (NEXTCLOUD.md §6): the body
// {"event":{"class":..., ...},"user":{...}|null,"time":<unix>}, sent without a Content-Type.
// Pure: reads the bytes, says what they are and how to recognise the same delivery again.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace registre::domain {

inline constexpr std::string_view kFormSubmittedEvent = "OCA\\Forms\\Events\\FormSubmittedEvent";
// Larger bodies are refused before parsing (a FormSubmittedEvent is under 1 KiB).
inline constexpr std::size_t kMaxWebhookBodyBytes = 64 * 1024;

// What a FormSubmittedEvent says: the event carries the form and the submission, no answers.
struct FormSubmission {
  std::int64_t form_id = 0;
  std::string owner_id;  // event.form.ownerId: the Nextcloud user the answers are read as
  std::int64_t submission_id = 0;
};

struct WebhookDelivery {
  std::string event_class;  // at most 200 bytes of printable ASCII
  // Identifies a form submission's delivery: "forms:<formId>:<submissionId>" (Nextcloud may
  // deliver the same event twice). Empty for other events: the caller keys them by a hash of the
  // body.
  std::string dedup_key;
  std::optional<FormSubmission> form_submission;  // set for kFormSubmittedEvent
};

// Parses a delivery body. Errors are `invalid` with a message id as detail:
// "webhook-body-too-large", "webhook-body-not-json", "webhook-body-not-an-event",
// "webhook-event-class-invalid", "webhook-form-submission-invalid". Never throws.
Result<WebhookDelivery> parse_webhook_delivery(std::string_view body);

}  // namespace registre::domain
