#include "domain/contact_fields.hpp"

#include <cstdint>

#include "core/ascii.hpp"
#include "domain/utf8.hpp"

namespace registre::domain {
namespace {

// The spaces people paste from word processors: NBSP (U+00A0) and narrow NBSP (U+202F, the French
// typographic space before ':' or between digit groups). Returns the byte length, or 0.
std::size_t unicode_space_at(std::string_view s, std::size_t i) {
  if (s.substr(i, 2) == "\xC2\xA0") return 2;
  if (s.substr(i, 3) == "\xE2\x80\xAF") return 3;
  return 0;
}

// ---- e-mail ----

bool is_local_part_char(char c) {
  // RFC 5322 atext, plus '.' (checked for position separately).
  constexpr std::string_view kSymbols = "!#$%&'*+/=?^_`{|}~.-";
  return is_ascii_letter(c) || is_ascii_digit(c) || kSymbols.find(c) != std::string_view::npos;
}

bool is_valid_local_part(std::string_view local) {
  if (local.empty() || local.size() > 64) return false;
  if (local.front() == '.' || local.back() == '.') return false;
  if (local.find("..") != std::string_view::npos) return false;
  for (char c : local) {
    if (!is_local_part_char(c)) return false;
  }
  return true;
}

// A practical filter for IDN labels, not IDNA2008: refuses the non-ASCII code points that are
// clearly not letters (C1 controls, Latin-1 symbols, General Punctuation with its spaces and the
// dots and spaces of CJK and full-width forms, private use, specials).
bool is_plausible_idn_char(char32_t cp) {
  if (cp < 0xC0) return false;
  if (cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x206F) return false;
  if (cp >= 0x3000 && cp <= 0x303F) return false;
  if (cp >= 0xE000 && cp <= 0xF8FF) return false;
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;
  if (cp >= 0xFF00 && cp <= 0xFF20) return false;
  if (cp >= 0xFFF0 && cp <= 0xFFFF) return false;
  return true;
}

struct LabelShape {
  bool valid = false;
  bool letters_only = true;  // ASCII letters and non-ASCII characters, no digit or '-'
  std::size_t code_points = 0;
};

LabelShape inspect_label(std::string_view label) {
  LabelShape shape;
  if (label.empty() || label.size() > 63) return shape;
  if (label.front() == '-' || label.back() == '-') return shape;
  for (std::size_t i = 0; i < label.size();) {
    char32_t cp = 0;
    const std::size_t length = decode_utf8(label, i, cp);
    if (length == 0) return shape;
    if (cp >= 0x80) {
      if (!is_plausible_idn_char(cp)) return shape;
    } else {
      const char c = static_cast<char>(cp);
      if (is_ascii_digit(c) || c == '-') {
        shape.letters_only = false;
      } else if (!is_ascii_letter(c)) {
        return shape;
      }
    }
    ++shape.code_points;
    i += length;
  }
  shape.valid = true;
  return shape;
}

bool is_valid_domain(std::string_view domain) {
  std::size_t labels = 0;
  LabelShape last;
  std::string_view tld;
  for (std::size_t start = 0;;) {
    std::size_t dot = domain.find('.', start);
    const std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    last = inspect_label(label);
    if (!last.valid) return false;
    ++labels;
    tld = label;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels < 2) return false;
  const bool a_label = tld.size() > 4 && (tld.substr(0, 4) == "xn--" || tld.substr(0, 4) == "XN--");
  return a_label || (last.letters_only && last.code_points >= 2);
}

// ---- phone ----

// Digits and shape of a phone number as written, before interpretation.
struct WrittenPhone {
  std::string digits;
  bool plus = false;  // written with a leading '+'
};

// Reads the digits, refusing characters other than the allowed separators. A "(0)" written
// after an international prefix is the national trunk prefix and is left out of the digits.
std::optional<WrittenPhone> read_phone(std::string_view s) {
  WrittenPhone phone;
  bool anything_before = false;  // a digit or separator seen (a '+' must come first)
  bool in_parentheses = false;
  bool had_parentheses = false;
  std::size_t group_start = 0;  // index in `digits` where the parenthesised group starts
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (const std::size_t space = unicode_space_at(s, i); space > 0) {
      if (in_parentheses) return std::nullopt;
      anything_before = true;
      i += space;
      continue;
    }
    ++i;
    if (is_ascii_digit(c)) {
      phone.digits += c;
      if (phone.digits.size() > 20) return std::nullopt;  // far beyond E.164's 15
    } else if (c == '+') {
      if (anything_before || phone.plus) return std::nullopt;  // "++33", "0+33"
      phone.plus = true;
      continue;
    } else if (c == '(') {
      if (in_parentheses || had_parentheses) return std::nullopt;
      in_parentheses = true;
      had_parentheses = true;
      group_start = phone.digits.size();
    } else if (c == ')') {
      const std::size_t group = phone.digits.size() - group_start;
      if (!in_parentheses || group == 0 || group > 5) return std::nullopt;
      in_parentheses = false;
      const bool international =
          phone.plus || (group_start >= 2 && phone.digits.substr(0, 2) == "00");
      if (international && group_start > 0 && group == 1 && phone.digits.back() == '0') {
        phone.digits.pop_back();
      }
    } else if (c == ' ' || c == '.' || c == '-') {
      if (in_parentheses) return std::nullopt;
    } else {
      return std::nullopt;
    }
    anything_before = true;
  }
  if (in_parentheses || phone.digits.empty()) return std::nullopt;
  return phone;
}

std::optional<std::string> international_to_e164(std::string_view digits) {
  if (digits.empty() || digits.front() == '0') return std::nullopt;  // no country code 0
  if (digits.substr(0, 2) == "33") {
    // France: 9 digits after the country code. Codes 330-339 are not assigned, so "33" is
    // always France.
    std::string_view national = digits.substr(2);
    if (national.size() == 10 && national.front() == '0') national.remove_prefix(1);
    if (national.size() != 9 || national.front() == '0') return std::nullopt;
    return "+33" + std::string(national);
  }
  if (digits.size() < 8 || digits.size() > 15) return std::nullopt;
  return "+" + std::string(digits);
}

}  // namespace

std::optional<std::string> normalize_email(std::string_view input) {
  const std::string_view email = trim(input, kAsciiWhiteSpace);
  if (email.empty() || email.size() > 254) return std::nullopt;
  const std::size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (!is_valid_local_part(local) || !is_valid_domain(domain)) return std::nullopt;
  std::string out(email);
  for (std::size_t i = at + 1; i < out.size(); ++i) {
    if (out[i] >= 'A' && out[i] <= 'Z') out[i] = static_cast<char>(out[i] - 'A' + 'a');
  }
  return out;
}

std::optional<std::string> normalize_french_postcode(std::string_view input) {
  std::string digits;
  for (std::size_t i = 0; i < input.size();) {
    if (const std::size_t space = unicode_space_at(input, i); space > 0) {
      i += space;
      continue;
    }
    const char c = input[i++];
    if (is_ascii_space(c)) continue;
    if (!is_ascii_digit(c) || digits.size() == 5) return std::nullopt;
    digits += c;
  }
  if (digits.size() != 5 || digits.substr(0, 2) == "00") return std::nullopt;
  return digits;
}

std::optional<std::string> normalize_phone(std::string_view input) {
  const std::optional<WrittenPhone> phone = read_phone(trim(input, kAsciiWhiteSpace));
  if (!phone) return std::nullopt;
  const std::string& digits = phone->digits;
  if (phone->plus) return international_to_e164(digits);
  if (digits.size() >= 2 && digits[0] == '0' && digits[1] == '0') {
    return international_to_e164(std::string_view(digits).substr(2));
  }
  if (digits.size() != 10 || digits[0] != '0') return std::nullopt;
  return "+33" + digits.substr(1);
}

}  // namespace registre::domain
