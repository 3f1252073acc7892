#include "domain/forms_application.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>

#include "core/ascii.hpp"
#include "domain/utf8.hpp"

namespace registre::domain {
namespace {

constexpr std::array<std::string_view, 10> kTargets = {"name",    "firstName", "lastName", "email",
                                                       "phone",   "address",   "postcode", "city",
                                                       "country", "birthDate"};
constexpr std::size_t kMaxEntries = 100;
constexpr std::size_t kMaxAnswerBytes = 1000;

bool valid_custom_key(std::string_view key) {
  if (key.empty() || key.size() > 40 || key[0] < 'a' || key[0] > 'z') return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::optional<std::int64_t> question_id(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v > 0 ? std::optional(v) : std::nullopt;
}

Error field_error(const char* name, const char* message) {
  Error e = make_error(ErrorKind::invalid, "invalid");
  e.fields.push_back({name, message});
  return e;
}

void add_problem(std::vector<std::string>& problems, const char* id) {
  if (std::find(problems.begin(), problems.end(), id) == problems.end()) problems.emplace_back(id);
}

// Sets the member field `target` (not "name", not custom) in `m`.
void set_field(MemberChanges& m, const std::string& target, const std::string& value) {
  if (target == "firstName")
    m.first_name = value;
  else if (target == "lastName")
    m.last_name = value;
  else if (target == "email")
    m.email = value;
  else if (target == "phone")
    m.phone = value;
  else if (target == "address")
    m.address = value;
  else if (target == "postcode")
    m.postcode = value;
  else if (target == "city")
    m.city = value;
  else if (target == "country")
    m.country = value;
  else if (target == "birthDate")
    m.birth_date = value;
}

}  // namespace

bool is_form_field_target(const std::string& target) {
  if (target.rfind("custom:", 0) == 0) return valid_custom_key(std::string_view(target).substr(7));
  return std::find(kTargets.begin(), kTargets.end(), target) != kTargets.end();
}

nlohmann::json fields_to_json(const std::map<std::int64_t, std::string>& fields) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [q, target] : fields)
    out[std::to_string(q)] = target;
  return out;
}

nlohmann::json consents_to_json(const std::map<std::int64_t, std::int64_t>& consents) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [q, purpose] : consents)
    out[std::to_string(q)] = purpose;
  return out;
}

Result<std::map<std::int64_t, std::string>> fields_from_json(const nlohmann::json& object,
                                                             const char* name) {
  if (!object.is_object()) return field_error(name, "must-be-object");
  if (object.size() > kMaxEntries) return field_error(name, "at-most-100-items");
  std::map<std::int64_t, std::string> out;
  std::set<std::string> used;
  for (const auto& [key, value] : object.items()) {
    auto q = question_id(key);
    if (!q) return field_error(name, "forms-question-ids");
    if (!value.is_string() || !is_form_field_target(value.get<std::string>())) {
      return field_error(name, "forms-field-targets");
    }
    const auto target = value.get<std::string>();
    // One question per target: two answers for the same field would have to be merged.
    if (!used.insert(target).second) return field_error(name, "forms-target-used-twice");
    out[*q] = target;
  }
  if (used.count("name") && (used.count("firstName") || used.count("lastName"))) {
    return field_error(name, "forms-name-or-first-last");
  }
  return out;
}

Result<std::map<std::int64_t, std::int64_t>> consents_from_json(const nlohmann::json& object,
                                                                const char* name) {
  if (!object.is_object()) return field_error(name, "must-be-object");
  if (object.size() > kMaxEntries) return field_error(name, "at-most-100-items");
  std::map<std::int64_t, std::int64_t> out;
  for (const auto& [key, value] : object.items()) {
    auto q = question_id(key);
    if (!q) return field_error(name, "forms-question-ids");
    if (!value.is_number_integer() || value.get<std::int64_t>() <= 0) {
      return field_error(name, "forms-purpose-ids");
    }
    out[*q] = value.get<std::int64_t>();
  }
  return out;
}

ApplicationDraft draft_application(const FormMapping& mapping, const nlohmann::json& submission,
                                   const nlohmann::json& questions) {
  ApplicationDraft draft;
  // question id -> answer texts (a checkbox question has one answer per ticked option).
  std::map<std::int64_t, std::vector<std::string>> answers;
  const nlohmann::json* list = nullptr;
  if (submission.is_object()) {
    auto it = submission.find("answers");
    if (it != submission.end() && it->is_array()) list = &*it;
  }
  if (!list) {
    add_problem(draft.problems, "forms-answers-unreadable");
    return draft;
  }
  for (const auto& answer : *list) {
    if (!answer.is_object()) continue;
    auto q = answer.find("questionId");
    auto text = answer.find("text");
    if (q == answer.end() || !q->is_number_integer() || text == answer.end() ||
        !text->is_string()) {
      continue;  // a file answer, or something this version does not read
    }
    answers[q->get<std::int64_t>()].push_back(text->get<std::string>());
  }

  // The form's current questions: a mapped question it no longer has needs a look.
  std::set<std::int64_t> known;
  if (questions.is_array()) {
    for (const auto& q : questions) {
      if (q.is_object() && q.contains("id") && q["id"].is_number_integer()) {
        known.insert(q["id"].get<std::int64_t>());
      }
    }
  }
  auto check_known = [&](std::int64_t q) {
    if (!known.count(q)) add_problem(draft.problems, "forms-unknown-question");
  };

  for (const auto& [q, target] : mapping.fields) {
    check_known(q);
    auto it = answers.find(q);
    if (it == answers.end() || it->second.empty()) continue;
    std::string value;
    for (const auto& part : it->second) {
      if (!value.empty()) value += ", ";
      value += part;
    }
    value = std::string(trim(value, kLineBlanks));
    if (value.size() > kMaxAnswerBytes || !is_valid_utf8(value)) {
      add_problem(draft.problems, "forms-answer-too-long");
      continue;
    }
    draft.mapped_answers[std::to_string(q)] = it->second;
    if (value.empty()) continue;
    if (target == "name") {
      const auto space = value.find_last_of(' ');
      if (space == std::string::npos) {
        draft.member.last_name = value;
      } else {
        draft.member.first_name =
            std::string(trim(std::string_view(value).substr(0, space), kLineBlanks));
        draft.member.last_name = value.substr(space + 1);
      }
    } else if (target.rfind("custom:", 0) == 0) {
      if (!draft.member.custom.is_object()) draft.member.custom = nlohmann::json::object();
      draft.member.custom[target.substr(7)] = value;
    } else {
      set_field(draft.member, target, value);
    }
  }
  for (const auto& [q, purpose] : mapping.consents) {
    check_known(q);
    auto it = answers.find(q);
    // A ticked box arrives as the option's text; an unticked one as no answer at all.
    if (it == answers.end()) continue;
    const bool ticked = std::any_of(it->second.begin(), it->second.end(), [](const std::string& t) {
      return !trim(t, kLineBlanks).empty();
    });
    if (ticked) {
      draft.consents.push_back(purpose);
      draft.mapped_answers[std::to_string(q)] = it->second;
    }
  }
  if (!draft.member.last_name || draft.member.last_name->empty()) {
    add_problem(draft.problems, "forms-no-name");
  }
  const bool email = draft.member.email && !draft.member.email->empty();
  const bool phone = draft.member.phone && !draft.member.phone->empty();
  if (!email && !phone) add_problem(draft.problems, "forms-no-contact");
  return draft;
}

}  // namespace registre::domain
