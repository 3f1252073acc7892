#include "domain/processing_register.hpp"

#include "core/i18n.hpp"

namespace registre::domain {
namespace {

std::vector<std::string> translated(std::string_view language,
                                    std::initializer_list<std::string_view> ids) {
  std::vector<std::string> out;
  for (auto id : ids)
    out.push_back(i18n::translate(language, id));
  return out;
}

// Registre holds the member register: members (current and former) and applicants are whom
// every purpose of an organisation in it is about.
std::vector<std::string> data_subjects(std::string_view language) {
  return translated(language, {"register-subjects-members", "register-subjects-applicants"});
}

// What Registre itself does, and only that: each sentence names a mechanism the code has. Keep it
// true when the code changes (docs/gdpr.md lists where each one is built).
std::vector<std::string> security_measures(std::string_view language) {
  return translated(
      language, {"register-security-access", "register-security-audit", "register-security-ledger",
                 "register-security-exports", "register-security-deletion", "register-security-sealing"});
}

std::vector<std::string> retention_of(const Purpose& purpose,
                                      const std::vector<RetentionRuleDescription>& rules) {
  std::vector<std::string> out;
  if (!purpose.retention.empty()) out.push_back(purpose.retention);
  for (const auto& rule : rules) {
    if (!rule.purpose_key || *rule.purpose_key == purpose.key) out.push_back(rule.description);
  }
  return out;
}

ProcessingActivity activity_of(const Purpose& purpose, const ProcessingRegisterInput& input,
                               std::string_view language) {
  ProcessingActivity a;
  a.purpose_id = purpose.id;
  a.key = purpose.key;
  a.name = purpose.title;
  a.created_at = purpose.created_at;
  a.updated_at = purpose.updated_at;
  a.purpose = purpose.description.empty() ? purpose.title : purpose.description;
  a.legal_basis = purpose.legal_basis;
  a.data_subjects = data_subjects(language);
  a.data_categories = purpose.data_categories;
  a.recipients = purpose.recipients;
  // Purposes do not record transfers outside the EU yet: none is listed (the sheet says "None"),
  // and the document asks its readers to complete what Registre cannot know.
  a.retention = retention_of(purpose, input.retention_rules);
  a.security_measures = security_measures(language);
  return a;
}

}  // namespace

ProcessingRegister build_processing_register(const ProcessingRegisterInput& input,
                                             std::string_view language) {
  ProcessingRegister r;
  r.language = std::string(language);
  r.generated_at = input.generated_at;
  r.organization_id = input.organization.id;
  r.organization_name = input.organization.name;
  r.legal_form = input.organization.legal_form;
  r.data_protection_contact = input.data_protection_contact;
  for (const auto& purpose : input.purposes) {
    auto& sheets = purpose.active ? r.activities : r.retired_activities;
    sheets.push_back(activity_of(purpose, input, language));
  }
  return r;
}

std::string legal_basis_label(std::string_view legal_basis, std::string_view language) {
  if (!is_legal_basis(legal_basis)) return std::string(legal_basis);
  return i18n::translate(language, "register-basis-" + std::string(legal_basis));
}

std::string legal_form_label(std::string_view legal_form, std::string_view language) {
  if (legal_form != "association" && legal_form != "scic" && legal_form != "other")
    return std::string(legal_form);
  return i18n::translate(language, "register-form-" + std::string(legal_form));
}

}  // namespace registre::domain
