#include "domain/webhook_delivery.hpp"

#include <doctest/doctest.h>

using registre::domain::parse_webhook_delivery;

namespace {

// The FormSubmittedEvent delivery of forms.jsonl seq 12, as Nextcloud sent it.
const char* kCapturedFormDelivery =
    R"({"event":{"form":{"id":2,"hash":"GTWPs2L9RyawAzzD","title":"Registre signup","description":"Sign up for the registre","ownerId":"bob","fileId":null,"fileFormat":null,"created":1795912898,"access":{"permitAllUsers":false,"showToAllUsers":false},"expires":0,"isAnonymous":false,"submitMultiple":false,"allowEditSubmissions":false,"showExpiration":false,"lastUpdated":1795912899,"submissionMessage":null,"state":0,"lockedBy":"bob","lockedUntil":1795913799,"maxSubmissions":null,"confirmationEmailEnabled":false,"confirmationEmailSubject":null,"confirmationEmailBody":null,"confirmationEmailQuestionId":null,"allowComments":false},"submission":{"id":2,"formId":2,"userId":"bob","timestamp":1795912899},"class":"OCA\\Forms\\Events\\FormSubmittedEvent"},"user":{"uid":"bob","displayName":"Bob"},"time":1795912899})";

// webhooks.jsonl seq 32.
const char* kCapturedTagDelivery =
    R"({"event":{"objectType":"files","objectIds":["103"],"tagIds":["2"],"class":"OCP\\SystemTag\\TagAssignedEvent"},"user":{"uid":"bob","displayName":"Bob"},"time":1795912883})";

std::string error_of(std::string_view body) {
  auto parsed = parse_webhook_delivery(body);
  REQUIRE_FALSE(parsed);
  return parsed.error().detail;
}

}  // namespace

TEST_CASE("webhook delivery: the captured form submission") {
  auto d = parse_webhook_delivery(kCapturedFormDelivery);
  REQUIRE(d);
  CHECK(d->event_class == "OCA\\Forms\\Events\\FormSubmittedEvent");
  REQUIRE(d->form_submission);
  CHECK(d->form_submission->form_id == 2);
  CHECK(d->form_submission->submission_id == 2);
  CHECK(d->form_submission->owner_id == "bob");
  CHECK(d->dedup_key == "forms:2:2");
}

TEST_CASE("webhook delivery: other events are recognised, without a form submission") {
  auto d = parse_webhook_delivery(kCapturedTagDelivery);
  REQUIRE(d);
  CHECK(d->event_class == "OCP\\SystemTag\\TagAssignedEvent");
  CHECK_FALSE(d->form_submission);
  CHECK(d->dedup_key.empty());  // the service keys it by a hash of the body
}

TEST_CASE("webhook delivery: malformed bodies are refused with a reason") {
  CHECK(error_of("") == "webhook-body-not-json");
  CHECK(error_of("{") == "webhook-body-not-json");
  CHECK(error_of("\xff{}") == "webhook-body-not-json");
  CHECK(error_of("[]") == "webhook-body-not-an-event");
  CHECK(error_of(R"({"event":[]})") == "webhook-body-not-an-event");
  CHECK(error_of(R"({"event":{"class":5}})") == "webhook-body-not-an-event");
  CHECK(error_of(R"({"event":{"class":""}})") == "webhook-event-class-invalid");
  CHECK(error_of(R"({"event":{"class":"a\nb"}})") == "webhook-event-class-invalid");
  CHECK(error_of(std::string(R"({"event":{"class":")") + std::string(201, 'A') + "\"}}") ==
        "webhook-event-class-invalid");
  CHECK(error_of(std::string(70 * 1024, ' ')) == "webhook-body-too-large");
  const std::string form = R"({"event":{"class":"OCA\\Forms\\Events\\FormSubmittedEvent",)";
  CHECK(error_of(form + R"("form":{"id":2,"ownerId":"bob"}}})") ==
        "webhook-form-submission-invalid");
  CHECK(error_of(form + R"("form":{"id":2},"submission":{"id":3}}})") ==
        "webhook-form-submission-invalid");
  CHECK(error_of(form + R"("form":{"id":0,"ownerId":"bob"},"submission":{"id":3}}})") ==
        "webhook-form-submission-invalid");
  CHECK(error_of(form + R"("form":{"id":2,"ownerId":"bob"},"submission":{"id":3,"formId":4}}})") ==
        "webhook-form-submission-invalid");
  CHECK(error_of(form + R"("form":{"id":2,"ownerId":""},"submission":{"id":3}}})") ==
        "webhook-form-submission-invalid");
  auto as_strings = parse_webhook_delivery(
      form + R"("form":{"id":"2","ownerId":"bob"},"submission":{"id":"3"}}})");
  REQUIRE(as_strings);
  CHECK(as_strings->dedup_key == "forms:2:3");
}
