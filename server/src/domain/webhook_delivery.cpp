#include "domain/webhook_delivery.hpp"

#include <nlohmann/json.hpp>

namespace registre::domain {
namespace {

Error refused(const char* id) {
  return make_error(ErrorKind::invalid, "invalid", id);
}

bool printable_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// A positive id that Nextcloud writes as a number (or, defensively, as a decimal string: tagIds
// arrive as strings although documented as ints).
std::optional<std::int64_t> positive_id(const nlohmann::json& object, const char* name) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(name);
  if (it == object.end()) return std::nullopt;
  if (it->is_number_unsigned() || it->is_number_integer()) {
    const auto v = it->get<std::int64_t>();
    if (v > 0) return v;
    return std::nullopt;
  }
  if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::int64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    if (v > 0) return v;
  }
  return std::nullopt;
}

}  // namespace

Result<WebhookDelivery> parse_webhook_delivery(std::string_view body) {
  if (body.size() > kMaxWebhookBodyBytes) return refused("webhook-body-too-large");
  // No Content-Type comes with a delivery: the bytes are read as JSON whatever the headers say.
  // Invalid UTF-8 and bad syntax make the parse fail (no exception).
  nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return refused("webhook-body-not-json");
  if (!json.is_object()) return refused("webhook-body-not-an-event");
  auto event = json.find("event");
  if (event == json.end() || !event->is_object()) return refused("webhook-body-not-an-event");
  auto cls = event->find("class");
  if (cls == event->end() || !cls->is_string()) return refused("webhook-body-not-an-event");
  const auto& class_name = cls->get_ref<const std::string&>();
  if (class_name.empty() || class_name.size() > 200 || !printable_ascii(class_name)) {
    return refused("webhook-event-class-invalid");
  }

  WebhookDelivery delivery;
  delivery.event_class = class_name;
  if (class_name == kFormSubmittedEvent) {
    auto form = event->find("form");
    auto submission = event->find("submission");
    if (form == event->end() || submission == event->end() || !form->is_object() ||
        !submission->is_object()) {
      return refused("webhook-form-submission-invalid");
    }
    auto form_id = positive_id(*form, "id");
    auto submission_id = positive_id(*submission, "id");
    auto submission_form = positive_id(*submission, "formId");
    auto owner = form->find("ownerId");
    if (!form_id || !submission_id || (submission_form && *submission_form != *form_id) ||
        owner == form->end() || !owner->is_string()) {
      return refused("webhook-form-submission-invalid");
    }
    const auto& owner_id = owner->get_ref<const std::string&>();
    if (owner_id.empty() || owner_id.size() > 64 || !printable_ascii(owner_id)) {
      return refused("webhook-form-submission-invalid");
    }
    delivery.form_submission = FormSubmission{*form_id, owner_id, *submission_id};
    delivery.dedup_key = "forms:" + std::to_string(*form_id) + ":" + std::to_string(*submission_id);
  }
  return delivery;
}

}  // namespace registre::domain
