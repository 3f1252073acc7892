#include "domain/forms_application.hpp"

#include <doctest/doctest.h>

using namespace registre::domain;

namespace {

// data of forms.jsonl seq 13: the captured submission and the form's questions.
const nlohmann::json kSubmission = nlohmann::json::parse(
    R"({"id":2,"formId":2,"userId":"bob","timestamp":1795912899,"answers":[{"id":4,"submissionId":2,"fileId":null,"questionId":4,"text":"Bob Builder"},{"id":5,"submissionId":2,"fileId":null,"questionId":5,"text":"bob@example.org"},{"id":6,"submissionId":2,"fileId":null,"questionId":6,"text":"I agree to the processing of my data"}],"userDisplayName":"Bob"})");
const nlohmann::json kQuestions = nlohmann::json::parse(
    R"([{"id":4,"formId":2,"order":1,"type":"short","isRequired":false,"text":"Name"},{"id":5,"formId":2,"order":2,"type":"short","isRequired":true,"text":"Email","extraSettings":{"validationType":"email"}},{"id":6,"formId":2,"order":3,"type":"multiple","isRequired":true,"text":"Consent","options":[{"id":2,"questionId":6,"order":1,"text":"I agree to the processing of my data","optionType":"choice"}]}])");

FormMapping mapping(std::map<std::int64_t, std::string> fields,
                    std::map<std::int64_t, std::int64_t> consents = {{6, 7}}) {
  FormMapping m;
  m.form_id = 2;
  m.owner_id = "bob";
  m.fields = std::move(fields);
  m.consents = std::move(consents);
  return m;
}

}  // namespace

TEST_CASE("forms answers -> member: the captured submission") {
  auto d = draft_application(mapping({{4, "name"}, {5, "email"}}), kSubmission, kQuestions);
  CHECK(d.problems.empty());
  CHECK(d.member.first_name == "Bob");
  CHECK(d.member.last_name == "Builder");
  CHECK(d.member.email == "bob@example.org");
  CHECK_FALSE(d.member.admitted_on);  // an applicant
  CHECK(d.consents == std::vector<std::int64_t>{7});
  CHECK(d.mapped_answers.size() == 3);
}

TEST_CASE("forms answers -> member: first and last names, custom fields, no consent ticked") {
  auto m = mapping({{4, "lastName"}, {5, "email"}, {6, "custom:motto"}}, {});
  auto d = draft_application(m, kSubmission, kQuestions);
  CHECK(d.member.last_name == "Bob Builder");
  CHECK_FALSE(d.member.first_name);
  CHECK(d.member.custom["motto"] == "I agree to the processing of my data");
  CHECK(d.consents.empty());

  nlohmann::json unticked = kSubmission;
  unticked["answers"].erase(2);
  auto none = draft_application(mapping({{4, "name"}, {5, "email"}}), unticked, kQuestions);
  CHECK(none.consents.empty());
  CHECK(none.problems.empty());
}

TEST_CASE("forms answers -> member: problems make a reviewable application") {
  auto no_name = draft_application(mapping({{5, "email"}}), kSubmission, kQuestions);
  CHECK(no_name.problems == std::vector<std::string>{"forms-no-name"});
  auto no_contact = draft_application(mapping({{4, "name"}}), kSubmission, kQuestions);
  CHECK(no_contact.problems == std::vector<std::string>{"forms-no-contact"});
  auto unknown = draft_application(mapping({{4, "name"}, {5, "email"}, {42, "phone"}}), kSubmission,
                                   kQuestions);
  CHECK(unknown.problems == std::vector<std::string>{"forms-unknown-question"});
  auto unreadable = draft_application(mapping({{4, "name"}}), nlohmann::json::array(), kQuestions);
  CHECK(unreadable.problems == std::vector<std::string>{"forms-answers-unreadable"});
  nlohmann::json long_answer = kSubmission;
  long_answer["answers"][0]["text"] = std::string(2000, 'x');
  auto too_long = draft_application(mapping({{4, "name"}, {5, "email"}}), long_answer, kQuestions);
  CHECK(too_long.problems.front() == "forms-answer-too-long");
}

TEST_CASE("form mappings: question maps are checked") {
  CHECK(fields_from_json(nlohmann::json{{"4", "name"}, {"5", "email"}, {"7", "custom:motto"}},
                         "fields"));
  auto field_message = [](const nlohmann::json& j) {
    auto r = fields_from_json(j, "fields");
    REQUIRE_FALSE(r);
    return r.error().fields.at(0).message;
  };
  CHECK(field_message(nlohmann::json::array()) == "must-be-object");
  CHECK(field_message({{"x", "name"}}) == "forms-question-ids");
  CHECK(field_message({{"0", "name"}}) == "forms-question-ids");
  CHECK(field_message({{"4", "nickname"}}) == "forms-field-targets");
  CHECK(field_message({{"4", "custom:Bad"}}) == "forms-field-targets");
  CHECK(field_message({{"4", "email"}, {"5", "email"}}) == "forms-target-used-twice");
  CHECK(field_message({{"4", "name"}, {"5", "lastName"}}) == "forms-name-or-first-last");
  CHECK(consents_from_json(nlohmann::json{{"6", 1}}, "consents"));
  CHECK_FALSE(consents_from_json(nlohmann::json{{"6", "1"}}, "consents"));
  CHECK_FALSE(consents_from_json(nlohmann::json{{"6", -1}}, "consents"));
  CHECK(fields_to_json({{4, "name"}}) == nlohmann::json{{"4", "name"}});
}
