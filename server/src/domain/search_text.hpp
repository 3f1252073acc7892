#pragma once
// Accent- and case-insensitive search over member names, e-mails and numbers. The search index
// stores each member's text folded once; a query is folded the same way and matched against it.

#include <string>
#include <string_view>

namespace registre::domain {

// Folds UTF-8 text for search matching:
// - lower case; Latin letters with diacritics become their base letter (é è ê ë -> e, ç -> c,
//   ÿ -> y, ...) for all of Latin-1 Supplement and Latin Extended-A; ligatures are expanded
//   (œ -> oe, æ -> ae, ß -> ss, þ -> th, ĳ -> ij); combining marks U+0300-U+036F are dropped, so
//   decomposed input (e + U+0301, as macOS sends it) folds like precomposed input;
// - apostrophes (' ’ ‘ ʼ), hyphens and dashes, whitespace (including NBSP and the narrow NBSP of
//   French typography) and every other punctuation or symbol of ASCII, Latin-1 and General
//   Punctuation become a word separator, except '@', '.', '+' and '_', kept so e-mails stay
//   searchable; invisible characters (soft hyphen, zero-width, bidi controls, BOM) are dropped;
// - runs of separators collapse to one space; no leading or trailing space;
// - invalid UTF-8 bytes are dropped;
// - anything else (Greek, Cyrillic, CJK, emoji, ...) is kept byte for byte, not lower-cased.
// fold_for_search(fold_for_search(x)) == fold_for_search(x), and the result is never longer than
// the input.
std::string fold_for_search(std::string_view utf8);

// True when every space-separated term of `folded_query` is a prefix of some space-separated word
// of `folded_text` ("hel dup" matches "helene dupont"), or, for a term containing '@' or a digit
// (e-mails, member numbers, phone numbers), a substring of `folded_text`. An empty query matches
// everything.
// REQUIRES: both arguments come from fold_for_search.
bool matches_search(std::string_view folded_text, std::string_view folded_query);

}  // namespace registre::domain
