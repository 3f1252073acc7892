#include "domain/search_text.hpp"

#include <array>
#include <cstdint>
#include <utility>

#include "core/ascii.hpp"
#include "domain/utf8.hpp"

namespace registre::domain {
namespace {

// Rebuilding the index folds every member's text, so folding is one pass over the bytes with two
// lookup tables and no allocation beyond the reserved output.

// ASCII: the byte to write, or ' ' for a word separator.
constexpr std::array<char, 128> make_ascii_table() {
  std::array<char, 128> table{};
  for (int c = 0; c < 128; ++c) {
    char out = ' ';
    if (c >= 'a' && c <= 'z') out = static_cast<char>(c);
    if (c >= 'A' && c <= 'Z') out = static_cast<char>(c - 'A' + 'a');
    if (c >= '0' && c <= '9') out = static_cast<char>(c);
    if (c == '@' || c == '.' || c == '+' || c == '_') out = static_cast<char>(c);
    table[static_cast<std::size_t>(c)] = out;
  }
  return table;
}
constexpr std::array<char, 128> kAscii = make_ascii_table();

// U+0080-U+017F (C1 controls, Latin-1 Supplement, Latin Extended-A): the ASCII replacement,
// where " " is a word separator and "" drops the character. No entry keeps the character as is,
// except µ (U+00B5), which is a letter with no Latin base.
constexpr const char* S = " ";      // separator
constexpr const char* D = "";       // dropped
constexpr const char* K = nullptr;  // kept as is
// clang-format off
constexpr std::array<const char*, 256> kLatin = {
    // U+0080-U+009F: C1 controls (U+0085 is a line break).
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    // U+00A0 NBSP ¡ ¢ £ ¤ ¥ ¦ § ¨ © ª « ¬ soft-hyphen ® ¯
    S, S, S, S, S, S, S, S, S, S, "a", S, S, D, S, S,
    // U+00B0 ° ± ² ³ ´ µ ¶ · ¸ ¹ º » ¼ ½ ¾ ¿
    S, S, "2", "3", S, K, S, S, S, "1", "o", S, S, S, S, S,
    // U+00C0 À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    // U+00D0 Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß
    "d", "n", "o", "o", "o", "o", "o", S, "o", "u", "u", "u", "u", "y", "th", "ss",
    // U+00E0 à á â ã ä å æ ç è é ê ë ì í î ï
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    // U+00F0 ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ
    "d", "n", "o", "o", "o", "o", "o", S, "o", "u", "u", "u", "u", "y", "th", "y",
    // U+0100 Ā ā Ă ă Ą ą Ć ć Ĉ ĉ Ċ ċ Č č Ď ď
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    // U+0110 Đ đ Ē ē Ĕ ĕ Ė ė Ę ę Ě ě Ĝ ĝ Ğ ğ
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    // U+0120 Ġ ġ Ģ ģ Ĥ ĥ Ħ ħ Ĩ ĩ Ī ī Ĭ ĭ Į į
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    // U+0130 İ ı Ĳ ĳ Ĵ ĵ Ķ ķ ĸ Ĺ ĺ Ļ ļ Ľ ľ Ŀ
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    // U+0140 ŀ Ł ł Ń ń Ņ ņ Ň ň ŉ Ŋ ŋ Ō ō Ŏ ŏ
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    // U+0150 Ő ő Œ œ Ŕ ŕ Ŗ ŗ Ř ř Ś ś Ŝ ŝ Ş ş
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    // U+0160 Š š Ţ ţ Ť ť Ŧ ŧ Ũ ũ Ū ū Ŭ ŭ Ů ů
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    // U+0170 Ű ű Ų ų Ŵ ŵ Ŷ ŷ Ÿ Ź ź Ż ż Ž ž ſ
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};
// clang-format on

// Code points above U+017F that are not kept as is.
const char* fold_beyond_latin(char32_t cp) {
  if (cp >= 0x0300 && cp <= 0x036F) return D;  // combining diacritical marks
  if (cp == 0x02BC || cp == 0x02BB) return S;  // modifier-letter apostrophe, turned comma
  if (cp >= 0x2000 && cp <= 0x206F) {          // General Punctuation
    const bool invisible =
        (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || cp >= 0x2060;
    return invisible ? D : S;  // spaces, dashes, quotes, apostrophes, bullets, ellipsis, ...
  }
  if (cp == 0x2212 || cp == 0x3000) return S;  // minus sign, ideographic space
  if (cp == 0xFEFF) return D;                  // byte order mark
  return K;
}

// Writes folded output, turning separators into at most one space between words.
class FoldedWriter {
 public:
  explicit FoldedWriter(std::size_t capacity) { out_.reserve(capacity); }

  void separator() { pending_space_ = !out_.empty(); }
  void put(char c) {
    if (pending_space_) {
      out_ += ' ';
      pending_space_ = false;
    }
    out_ += c;
  }
  void put(const char* replacement) {
    for (; *replacement != '\0'; ++replacement) {
      if (*replacement == ' ') {
        separator();
      } else {
        put(*replacement);
      }
    }
  }
  void put_bytes(std::string_view bytes) {
    for (char c : bytes)
      put(c);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  bool pending_space_ = false;
};

// True when `term` starts a word of `text` (at its start or right after a space).
bool starts_some_word(std::string_view text, std::string_view term) {
  for (std::size_t pos = text.find(term); pos != std::string_view::npos;
       pos = text.find(term, pos + 1)) {
    if (pos == 0 || text[pos - 1] == ' ') return true;
  }
  return false;
}

}  // namespace

std::string fold_for_search(std::string_view utf8) {
  FoldedWriter out(utf8.size());
  std::size_t i = 0;
  while (i < utf8.size()) {
    const std::uint8_t b = byte_at(utf8, i);
    if (b < 0x80) {
      const char c = kAscii[b];
      if (c == ' ') {
        out.separator();
      } else {
        out.put(c);
      }
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t length = decode_utf8(utf8, i, cp);
    if (length == 0) {  // drop the offending byte and resynchronise on the next one
      ++i;
      continue;
    }
    const char* replacement = cp <= 0x17F ? kLatin[cp - 0x80] : fold_beyond_latin(cp);
    if (replacement == K) {
      out.put_bytes(utf8.substr(i, length));
    } else {
      out.put(replacement);
    }
    i += length;
  }
  return out.take();
}

bool matches_search(std::string_view folded_text, std::string_view folded_query) {
  std::size_t start = 0;
  while (start < folded_query.size()) {
    std::size_t end = folded_query.find(' ', start);
    if (end == std::string_view::npos) end = folded_query.size();
    const std::string_view term = folded_query.substr(start, end - start);
    start = end + 1;
    if (term.empty()) continue;
    bool anywhere = false;  // e-mails and numbers are searched for inside words
    for (char c : term)
      anywhere = anywhere || c == '@' || is_ascii_digit(c);
    const bool found = anywhere ? folded_text.find(term) != std::string_view::npos
                                : starts_some_word(folded_text, term);
    if (!found) return false;
  }
  return true;
}

}  // namespace registre::domain
