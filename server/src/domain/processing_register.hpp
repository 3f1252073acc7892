#pragma once
// The register of processing activities (GDPR Art. 30(1)), laid out as the CNIL's template
// register: one sheet per processing activity, built from the organisation's purposes. Pure: the
// service reads the rows, this builds the document model, processing_register_render.hpp prints it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/organization.hpp"
#include "domain/purpose.hpp"

namespace registre::domain {

// One retention rule, as a sentence, for the sheets it applies to: the service passes the
// descriptions of the organisation's enabled retention rules, and the sheets list them after the
// purpose's own retention sentence.
struct RetentionRuleDescription {
  std::optional<std::string> purpose_key;  // the purpose it applies to; none: every purpose
  std::string description;
};

struct ProcessingRegisterInput {
  Organization organization;
  // The data protection officer or representative (name and contact), when designated.
  // Organisations have no such setting yet: the register then says "not designated".
  std::optional<std::string> data_protection_contact;
  std::vector<Purpose> purposes;  // active and retired
  std::vector<RetentionRuleDescription> retention_rules;
  std::string generated_at;  // UTC, ISO 8601
};

// One sheet of the register: the CNIL template's columns for one purpose.
struct ProcessingActivity {
  std::int64_t purpose_id = 0;
  std::string key;         // reference
  std::string name;        // nom / sigle du traitement: the purpose's title
  std::string created_at;  // UTC, ISO 8601
  std::string updated_at;
  std::string purpose;      // finalité principale: the description, else the title
  std::string legal_basis;  // as domain::is_legal_basis; printed through legal_basis_label
  std::vector<std::string> data_subjects;
  std::vector<std::string> data_categories;
  std::vector<std::string> recipients;
  std::vector<std::string> transfers_outside_eu;  // empty: none
  std::vector<std::string> retention;             // empty: not stated
  std::vector<std::string> security_measures;
};

struct ProcessingRegister {
  std::string
      language;  // "fr" or "en": of the fixed texts; purposes are as their authors wrote them
  std::string generated_at;
  std::int64_t organization_id = 0;
  std::string organization_name;
  std::string legal_form;  // association | scic | other
  std::optional<std::string> data_protection_contact;
  std::vector<ProcessingActivity> activities;  // active purposes, in the order of their ids
  // Retired purposes take no new data, but what they collected may still be kept until its
  // retention ends, so the register keeps their sheets, apart.
  std::vector<ProcessingActivity> retired_activities;
};

// REQUIRES: language is "fr" or "en".
ProcessingRegister build_processing_register(const ProcessingRegisterInput& input,
                                             std::string_view language);

// "Consentement (art. 6.1.a du RGPD)" ...; the code itself for an unknown one.
std::string legal_basis_label(std::string_view legal_basis, std::string_view language);

// "Association", "SCIC (...)", "Autre"; the code itself for an unknown one.
std::string legal_form_label(std::string_view legal_form, std::string_view language);

}  // namespace registre::domain
