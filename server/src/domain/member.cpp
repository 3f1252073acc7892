#include "domain/member.hpp"

#include <algorithm>
#include <cctype>

#include "core/ascii.hpp"
#include "domain/calendar_date.hpp"
#include "domain/contact_fields.hpp"
#include "domain/search_text.hpp"

namespace registre::domain {
namespace {

// Collects field errors while applying changes, so a client sees every problem at once.
class Changer {
 public:
  explicit Changer(const MemberChanges& changes) : changes_(changes) {}

  bool cleared(const char* name) const {
    return std::find(changes_.clear.begin(), changes_.clear.end(), name) != changes_.clear.end();
  }

  // A text field: valid UTF-8, no control characters but in notes, at most `max` characters.
  std::optional<std::string> text(const char* name, const std::optional<std::string>& value,
                                  std::size_t max, bool multiline = false) {
    if (!value) return std::nullopt;
    if (!is_valid_utf8(*value)) {
      fail(name, "must be valid UTF-8 text");
      return std::nullopt;
    }
    std::string trimmed(trim(*value, kLineBlanks));
    if (utf8_length(trimmed) > max) {
      fail(name, "at most " + std::to_string(max) + " characters");
      return std::nullopt;
    }
    for (unsigned char ch : trimmed) {
      if ((ch < 0x20 && !(multiline && (ch == '\n' || ch == '\r' || ch == '\t'))) || ch == 0x7f) {
        fail(name, "must not contain control characters");
        return std::nullopt;
      }
    }
    return trimmed;
  }

  void set(const char* name, std::optional<std::string>& field, std::optional<std::string> value) {
    if (cleared(name)) {
      if (field) changed(name);
      field.reset();
    } else if (value && field != value) {
      field = std::move(value);
      changed(name);
    }
  }

  void set(const char* name, std::string& field, std::optional<std::string> value) {
    if (cleared(name)) {
      if (!field.empty()) changed(name);
      field.clear();
    } else if (value && field != *value) {
      field = std::move(*value);
      changed(name);
    }
  }

  std::optional<std::string> date(const char* name, const std::optional<std::string>& value) {
    if (!value) return std::nullopt;
    auto parsed = parse_date(*value);
    if (!parsed) {
      fail(name, "a date such as 2026-03-01 or 01/03/2026");
      return std::nullopt;
    }
    return format_iso(*parsed);
  }

  void fail(const std::string& field, std::string message) {
    errors_.push_back({field, std::move(message)});
  }
  void changed(const char* name) { changed_.push_back(name); }

  std::vector<FieldError> errors_;
  std::vector<std::string> changed_;

 private:
  const MemberChanges& changes_;
};

}  // namespace

Result<std::vector<std::string>> apply_member_changes(Member& member, const MemberChanges& changes,
                                                      const std::string& today) {
  static const char* kClearable[] = {
      "email",         "phone", "address",     "postcode",   "city",   "country",  "birthDate",
      "nextcloudUser", "notes", "householdId", "admittedOn", "leftOn", "firstName"};
  Changer c(changes);
  for (const auto& name : changes.clear) {
    if (std::find(std::begin(kClearable), std::end(kClearable), name) == std::end(kClearable)) {
      c.fail(name, "cannot be empty");
    }
  }

  c.set("firstName", member.first_name, c.text("firstName", changes.first_name, 100));
  if (changes.last_name) {
    auto last = c.text("lastName", changes.last_name, 100);
    if (last && last->empty())
      c.fail("lastName", "required");
    else
      c.set("lastName", member.last_name, last);
  }
  if (changes.email) {
    auto email = normalize_email(*changes.email);
    if (!email)
      c.fail("email", "not a valid e-mail address");
    else
      c.set("email", member.email, email);
  } else {
    c.set("email", member.email, std::nullopt);
  }
  if (changes.phone) {
    auto phone = normalize_phone(*changes.phone);
    if (!phone)
      c.fail("phone", "not a valid phone number (e.g. 06 12 34 56 78 or +33 6 12 34 56 78)");
    else
      c.set("phone", member.phone, phone);
  } else {
    c.set("phone", member.phone, std::nullopt);
  }
  c.set("address", member.address, c.text("address", changes.address, 300, true));
  c.set("city", member.city, c.text("city", changes.city, 100));
  if (changes.country) {
    std::string country(trim(*changes.country, kLineBlanks));
    std::transform(country.begin(), country.end(), country.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    const bool two_letters = country.size() == 2 &&
                             std::isalpha(static_cast<unsigned char>(country[0])) &&
                             std::isalpha(static_cast<unsigned char>(country[1]));
    if (!two_letters)
      c.fail("country", "a two-letter country code such as FR");
    else
      c.set("country", member.country, country);
  } else {
    c.set("country", member.country, std::nullopt);
  }
  if (changes.postcode) {
    const std::string country = member.country.value_or("FR");
    if (country == "FR") {
      auto postcode = normalize_french_postcode(*changes.postcode);
      if (!postcode)
        c.fail("postcode", "a French postcode has 5 digits, e.g. 75001");
      else
        c.set("postcode", member.postcode, postcode);
    } else {
      c.set("postcode", member.postcode, c.text("postcode", changes.postcode, 16));
    }
  } else {
    c.set("postcode", member.postcode, std::nullopt);
  }
  if (auto birth = c.date("birthDate", changes.birth_date)) {
    if (*birth > today || *birth < "1900-01-01")
      c.fail("birthDate", "must be a past date after 1900");
    else
      c.set("birthDate", member.birth_date, birth);
  } else {
    c.set("birthDate", member.birth_date, std::nullopt);
  }
  c.set("nextcloudUser", member.nextcloud_user,
        c.text("nextcloudUser", changes.nextcloud_user, 64));
  c.set("notes", member.notes, c.text("notes", changes.notes, 5000, true));
  c.set("admittedOn", member.admitted_on, c.date("admittedOn", changes.admitted_on));
  c.set("leftOn", member.left_on, c.date("leftOn", changes.left_on));
  if (c.cleared("householdId")) {
    if (member.household_id) c.changed("householdId");
    member.household_id.reset();
  } else if (changes.household_id && member.household_id != changes.household_id) {
    if (*changes.household_id == member.id)
      c.fail("householdId", "a member cannot be their own household");
    member.household_id = changes.household_id;
    c.changed("householdId");
  }
  if (changes.restricted && member.restricted != *changes.restricted) {
    member.restricted = *changes.restricted;
    c.changed("restricted");
  }
  if (member.last_name.empty()) c.fail("lastName", "required");
  if (member.left_on && member.admitted_on && *member.left_on < *member.admitted_on) {
    c.fail("leftOn", "cannot be before the admission date");
  }
  if (member.left_on && !member.admitted_on)
    c.fail("leftOn", "an applicant who was never admitted cannot leave");
  if (!c.errors_.empty()) {
    Error e = make_error(ErrorKind::invalid, "invalid");
    e.fields = std::move(c.errors_);
    return e;
  }
  return std::move(c.changed_);
}

std::string member_sort_name(const Member& m) {
  return fold_for_search(m.last_name + " " + m.first_name);
}

std::string member_search_text(const Member& m) {
  std::string text = m.first_name + " " + m.last_name + " " + std::to_string(m.number);
  if (m.email) text += " " + *m.email;
  return fold_for_search(text);
}

}  // namespace registre::domain
