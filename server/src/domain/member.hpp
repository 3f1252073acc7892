#pragma once
// A member of an organisation, and the rules for what may be written into a member record.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/result.hpp"

namespace registre::domain {

struct Member {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  std::int64_t number = 0;  // sequential per organisation, assigned at creation
  std::string pseudonym;    // random, never shown to people; names the member in audit entries
  std::string first_name;
  std::string last_name;
  std::optional<std::string> email;  // normalised (domain lower-cased)
  std::optional<std::string> phone;  // E.164
  std::optional<std::string> address;
  std::optional<std::string> postcode;  // French postcodes normalised to 5 digits
  std::optional<std::string> city;
  std::optional<std::string> country;     // ISO 3166-1 alpha-2, "FR" when absent
  std::optional<std::string> birth_date;  // ISO date
  std::optional<std::string> nextcloud_user;
  std::string notes;
  std::optional<std::int64_t> household_id;  // another member of the same organisation
  std::optional<std::string> admitted_on;    // ISO date; none = applicant
  std::optional<std::string> left_on;        // ISO date
  std::string status = "applicant";          // derived (domain/member_status.hpp), stored for lists
  bool restricted = false;                   // GDPR Art. 18
  std::string custom = "{}";  // JSON object of custom field values (domain/custom_field.hpp)
  // The values of fields classified "sensitive", sealed with the member's key (bytes; empty when
  // none): services/sensitive_values.hpp moves them between here and `custom`.
  std::string sealed;
  std::string created_at;
  std::string updated_at;
  std::int64_t version = 1;
};

// What a client may set. Every field is optional in an update: absent = unchanged; a null
// clears an optional field (`clear` lists those).
struct MemberChanges {
  std::optional<std::string> first_name, last_name, email, phone, address, postcode, city, country,
      birth_date, nextcloud_user, notes, admitted_on, left_on;
  std::optional<std::int64_t> household_id;
  std::optional<bool> restricted;
  std::vector<std::string> clear;  // API names of fields set to null
  nlohmann::json custom;  // custom field values to set (object; null value removes); null = none
};

// Validates and normalises `changes` (e-mail, phone, postcode, dates, lengths, UTF-8), then
// applies them to `member`. Field errors use the API's names (firstName, birthDate ...).
// `today` bounds birth dates (not in the future). Returns the API names of the changed fields.
Result<std::vector<std::string>> apply_member_changes(Member& member, const MemberChanges& changes,
                                                      const std::string& today);

// The folded "last first" used for ordering, and the folded text indexed for search.
std::string member_sort_name(const Member& member);
std::string member_search_text(const Member& member);

}  // namespace registre::domain
