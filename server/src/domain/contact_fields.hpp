#pragma once
// Contact fields as a volunteer types them (e-mail, postcode, phone), checked and brought to one
// stored form, so that duplicates are found and exports are clean. Each function returns nullopt
// when the input cannot be read as such a field.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/utf8.hpp"  // is_valid_utf8 and utf8_length, used with these checks

namespace registre::domain {

// An e-mail address with surrounding whitespace trimmed and the domain lower-cased (ASCII letters
// only: the local part is case-sensitive by the RFC, and Unicode case mapping is not ours to do).
// Accepts a practical subset of RFC 5321/5322: exactly one '@'; a local part of 1 to 64 characters
// from [A-Za-z0-9!#$%&'*+/=?^_`{|}~.-] with no leading, trailing or double dot (no quoted
// strings); a domain of at least two dot-separated labels, each 1 to 63 bytes of [A-Za-z0-9-] or
// non-ASCII letters (an IDN already in UTF-8), neither starting nor ending with '-'; a top-level
// label of 2+ letters (or an "xn--" A-label); 254 bytes at most in all.
std::optional<std::string> normalize_email(std::string_view input);

// A French postcode as people write it ("75001", "75 001", " 75001 ") -> "75001": exactly five
// digits once spaces (and NBSP) are removed. Refuses "00xxx", which La Poste never issues, and
// the Corsican department codes "2A"/"2B" (Corsican postcodes are 20xxx).
std::optional<std::string> normalize_french_postcode(std::string_view input);

// A phone number in E.164 form ("+33612345678").
// - French numbers written nationally: exactly 10 digits starting with "0" but not "00"
//   ("06 12 34 56 78", "06.12.34.56.78", "0612345678"). Overseas numbers written nationally
//   ("0696 12 34 56", Martinique) also become +33..., which is good enough to dial from France
//   and to find duplicates, though the proper international form is +596 696....
// - International numbers written with "+" or "00": +33 must be followed by 9 digits (a written
//   trunk "0", as in "+33 (0)6 ..." or "+33 06 ...", is dropped); any other country gives "+"
//   and 8 to 15 digits.
// Separators: space, NBSP, narrow NBSP, '.', '-', and one pair of parentheses around up to five
// digits ("(0)", "(06)", "(212)"). Anything else (letters, "ext", '/') is refused.
std::optional<std::string> normalize_phone(std::string_view input);


}  // namespace registre::domain
