#pragma once
// Reads docs/openapi.yaml and checks real answers of the service against it, without a YAML
// library: a reader for the YAML subset the document keeps to (described at the top of
// docs/openapi.yaml) and a validator for the JSON Schema keywords it uses. Header-only, so the
// API test target needs no build change.
//
//   auto api = OpenApi::load(REGISTRE_SOURCE_DIR "/docs/openapi.yaml");
//   for (const auto& v : api.check_response("GET", "/api/v1/me", 200, content_type, body)) ...
//
// Both stop with std::runtime_error on what they do not support (with line numbers for YAML, a
// JSON pointer for OpenAPI), so the document cannot silently use a construct nobody checks.

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace registre::test_support {

// ------------------------------------------------------------------------------------------------
// The YAML subset reader.
namespace yaml_subset {

class Reader {
 public:
  Reader(const std::string& text, std::string name) : name_(std::move(name)) {
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines_.push_back(std::move(line));
      if (end == text.size()) break;
      start = end + 1;
    }
    if (!lines_.empty() && lines_.back().empty()) lines_.pop_back();
  }

  nlohmann::json document() {
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      const std::string& l = lines_[i];
      if (l.rfind("---", 0) == 0 || l.rfind("...", 0) == 0)
        fail(i, "document markers (---, ...) are not supported");
      if (l.rfind("%", 0) == 0) fail(i, "directives (%) are not supported");
    }
    skip_blank();
    if (pos_ >= lines_.size()) return nlohmann::json::object();
    if (indent_of(pos_) != 0) fail(pos_, "the document must start at column 1");
    nlohmann::json root = block_node(0, -1);
    skip_blank();
    if (pos_ < lines_.size()) fail(pos_, "unexpected content (check its indentation)");
    return root;
  }

 private:
  [[noreturn]] void fail(std::size_t line, const std::string& message) const {
    throw std::runtime_error(name_ + ":" + std::to_string(line + 1) + ": " + message);
  }

  static bool blank_or_comment(const std::string& line) {
    const auto first = line.find_first_not_of(' ');
    return first == std::string::npos || line[first] == '#';
  }

  void skip_blank() {
    while (pos_ < lines_.size() && blank_or_comment(lines_[pos_])) {
      check_tabs(pos_);
      ++pos_;
    }
  }

  void check_tabs(std::size_t i) const {
    const std::string& l = lines_[i];
    for (char c : l) {
      if (c == '\t') fail(i, "tabs are not supported in indentation");
      if (c != ' ') break;
    }
  }

  int indent_of(std::size_t i) const {
    check_tabs(i);
    if (auto it = virtual_indent_.find(i); it != virtual_indent_.end()) return it->second;
    return static_cast<int>(lines_[i].find_first_not_of(' '));
  }

  // The line's text after its indentation (for a sequence item rewritten as a mapping: after "- ").
  std::string content_of(std::size_t i) const {
    return lines_[i].substr(static_cast<std::size_t>(indent_of(i)));
  }

  static bool is_sequence_item(const std::string& content) {
    return content == "-" || content.rfind("- ", 0) == 0;
  }

  // A block node whose lines are indented more than `parent` (the first one at `indent`).
  nlohmann::json block_node(int indent, int parent) {
    const std::string content = content_of(pos_);
    if (indent <= parent) fail(pos_, "expected an indented block");
    if (is_sequence_item(content)) return block_sequence(indent);
    if (mapping_key(content, pos_)) return block_mapping(indent);
    // A lone scalar or flow collection on its own line.
    const std::size_t line = pos_;
    std::size_t column = static_cast<std::size_t>(indent);
    nlohmann::json value = inline_value(line, column, parent);
    return value;
  }

  // If `content` starts with `key:` returns the key and sets `rest_` to the text after ':'.
  std::optional<std::string> mapping_key(const std::string& content, std::size_t line) {
    if (content.empty()) return std::nullopt;
    const char first = content[0];
    if (first == '[' || first == '{') return std::nullopt;
    if (first == '?' && (content.size() == 1 || content[1] == ' '))
      fail(line, "complex keys (? ) are not supported");
    if (first == '"' || first == '\'') {
      std::size_t i = 0;
      std::string key = quoted(content, i, line);
      while (i < content.size() && content[i] == ' ')
        ++i;
      if (i < content.size() && content[i] == ':' &&
          (i + 1 == content.size() || content[i + 1] == ' ')) {
        rest_ = content.substr(i + 1);
        return key;
      }
      return std::nullopt;
    }
    for (std::size_t i = 0; i < content.size(); ++i) {
      if (content[i] == '#' && i > 0 && content[i - 1] == ' ') return std::nullopt;  // comment
      if (content[i] == ':' && (i + 1 == content.size() || content[i + 1] == ' ')) {
        std::string key = content.substr(0, i);
        while (!key.empty() && key.back() == ' ')
          key.pop_back();
        if (key.empty()) fail(line, "empty key");
        check_plain_start(key, line);
        rest_ = content.substr(i + 1);
        return key;
      }
    }
    return std::nullopt;
  }

  void check_plain_start(const std::string& text, std::size_t line) const {
    const char c = text[0];
    if (c == '&' || c == '*') fail(line, "anchors and aliases (& *) are not supported");
    if (c == '!') fail(line, "tags (!) are not supported");
    if (c == '@' || c == '`' || c == '%')
      fail(line, std::string("a plain scalar cannot start with '") + c + "': quote it");
    if (c == '|' || c == '>') fail(line, "a block scalar indicator here is not supported");
  }

  nlohmann::json block_mapping(int indent) {
    nlohmann::json object = nlohmann::json::object();
    while (true) {
      skip_blank();
      if (pos_ >= lines_.size()) break;
      const int here = indent_of(pos_);
      if (here < indent) break;
      if (here > indent) fail(pos_, "unexpected indentation");
      const std::string content = content_of(pos_);
      if (is_sequence_item(content)) {
        // A sequence at the parent key's column belongs to that key, handled by the caller.
        break;
      }
      const std::size_t line = pos_;
      auto key = mapping_key(content, line);
      if (!key) fail(line, "expected `key: value`");
      if (object.contains(*key)) fail(line, "duplicate key '" + *key + "'");
      const std::string rest = rest_;
      const std::size_t rest_column = static_cast<std::size_t>(here) + content.size() - rest.size();
      object[*key] = value_after_key(line, rest_column, indent, true);
    }
    return object;
  }

  nlohmann::json block_sequence(int indent) {
    nlohmann::json array = nlohmann::json::array();
    while (true) {
      skip_blank();
      if (pos_ >= lines_.size()) break;
      const int here = indent_of(pos_);
      if (here < indent) break;
      if (here > indent) fail(pos_, "unexpected indentation");
      const std::string content = content_of(pos_);
      if (!is_sequence_item(content)) break;
      const std::size_t line = pos_;
      std::size_t after = 1;
      while (after < content.size() && content[after] == ' ')
        ++after;
      const std::string item = content.substr(after);
      if (item.empty() || item[0] == '#') {
        ++pos_;
        skip_blank();
        if (pos_ >= lines_.size() || indent_of(pos_) <= indent) {
          array.push_back(nullptr);
        } else {
          array.push_back(block_node(indent_of(pos_), indent));
        }
        continue;
      }
      if (is_sequence_item(item))
        fail(line, "nested sequences on one line (- - x) are not supported");
      const int item_column = here + static_cast<int>(after);
      if (mapping_key(item, line)) {
        // "- key: value": a mapping whose keys line up with this first one.
        virtual_indent_[line] = item_column;
        array.push_back(block_mapping(item_column));
        continue;
      }
      array.push_back(value_after_key(line, static_cast<std::size_t>(item_column), indent, false));
    }
    return array;
  }

  // The value after "key:" (or "- ") on `line`, starting at `column`; for an empty one, the block
  // that follows. `owner` is the indentation of the mapping or sequence holding the value.
  nlohmann::json value_after_key(std::size_t line, std::size_t column, int owner, bool in_mapping) {
    const std::string& text = lines_[line];
    std::size_t i = column;
    while (i < text.size() && text[i] == ' ')
      ++i;
    if (i >= text.size() || text[i] == '#') {
      ++pos_;
      skip_blank();
      if (pos_ >= lines_.size()) return nullptr;
      const int next = indent_of(pos_);
      if (next > owner) return block_node(next, owner);
      if (in_mapping && next == owner && is_sequence_item(content_of(pos_)))
        return block_sequence(owner);
      return nullptr;
    }
    if (text[i] == '|' || text[i] == '>') return block_scalar(line, i, owner);
    nlohmann::json value = inline_value(line, i, owner);
    // A more indented line after a one-line value would be a continued scalar in YAML.
    skip_blank();
    if (pos_ < lines_.size() && indent_of(pos_) > owner) {
      fail(pos_, "unexpected indentation (a scalar continued on the next line is not supported)");
    }
    return value;
  }

  // A scalar or flow collection starting at lines_[line][column]; consumes the line (and, for a
  // flow collection, the lines it continues on).
  nlohmann::json inline_value(std::size_t line, std::size_t column, int owner) {
    const std::string& text = lines_[line];
    std::size_t i = column;
    const char c = text[i];
    nlohmann::json value;
    if (c == '[' || c == '{') {
      flow_line_ = line;
      flow_col_ = i;
      flow_owner_ = owner;
      value = flow_value();
      // Only a comment may follow on the line where the collection closed.
      const std::string& last = lines_[flow_line_];
      std::size_t j = flow_col_;
      while (j < last.size() && last[j] == ' ')
        ++j;
      if (j < last.size() && last[j] != '#')
        fail(flow_line_, "unexpected text after a flow collection");
      pos_ = flow_line_ + 1;
      return value;
    }
    if (c == '"' || c == '\'') {
      value = quoted(text, i, line);
      while (i < text.size() && text[i] == ' ')
        ++i;
      if (i < text.size() && text[i] != '#') fail(line, "unexpected text after a quoted scalar");
      pos_ = line + 1;
      return value;
    }
    if (c == '-' && (i + 1 == text.size() || text[i + 1] == ' '))
      fail(line, "a sequence cannot start after a key on the same line");
    check_plain_start(text.substr(i), line);
    std::string plain;
    for (std::size_t j = i; j < text.size(); ++j) {
      if (text[j] == '#' && j > 0 && text[j - 1] == ' ') break;
      plain.push_back(text[j]);
    }
    while (!plain.empty() && plain.back() == ' ')
      plain.pop_back();
    if (plain.find(": ") != std::string::npos || (!plain.empty() && plain.back() == ':')) {
      fail(line, "a plain scalar cannot contain ': ': quote it");
    }
    check_not_yaml11_boolean(plain, line);
    pos_ = line + 1;
    return resolve_plain(plain);
  }

  // YAML 1.1 readers take these for booleans, YAML 1.2 ones for text: refuse the ambiguity.
  void check_not_yaml11_boolean(const std::string& s, std::size_t line) const {
    static const std::set<std::string> words = {"yes", "Yes", "YES", "no",  "No", "NO", "on", "On",
                                                "ON",  "off", "Off", "OFF", "y",  "Y",  "n",  "N"};
    if (words.count(s))
      fail(line, "'" + s +
                     "' is a boolean for some YAML readers and text for others: quote it or write "
                     "true/false");
  }

  static nlohmann::json resolve_plain(const std::string& s) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    static const std::regex integer("^[-+]?[0-9]+$");
    static const std::regex decimal(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)");
    if (std::regex_match(s, integer)) {
      try {
        return static_cast<std::int64_t>(std::stoll(s));
      } catch (const std::out_of_range&) {
        return s;
      }
    }
    if (std::regex_match(s, decimal)) return std::stod(s);
    return s;
  }

  // A quoted scalar at s[i] (on one line); leaves i after the closing quote.
  std::string quoted(const std::string& s, std::size_t& i, std::size_t line) const {
    const char q = s[i++];
    std::string out;
    while (true) {
      if (i >= s.size()) fail(line, "a quoted scalar continued on the next line is not supported");
      const char c = s[i++];
      if (q == '\'') {
        if (c == '\'') {
          if (i < s.size() && s[i] == '\'') {
            out.push_back('\'');
            ++i;
            continue;
          }
          return out;
        }
        out.push_back(c);
        continue;
      }
      if (c == '"') return out;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (i >= s.size()) fail(line, "a quoted scalar continued on the next line is not supported");
      const char e = s[i++];
      switch (e) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '/':
          out.push_back('/');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case '0':
          out.push_back('\0');
          break;
        case ' ':
          out.push_back(' ');
          break;
        case 'u': {
          if (i + 4 > s.size()) fail(line, "bad \\u escape");
          const unsigned long cp = std::stoul(s.substr(i, 4), nullptr, 16);
          i += 4;
          append_utf8(out, cp);
          break;
        }
        default:
          fail(line, std::string("unsupported escape \\") + e);
      }
    }
  }

  static void append_utf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  // ---- Flow collections: a cursor (flow_line_, flow_col_) that moves on to the next line,
  // which must be indented more than the owner, when one ends inside the collection.
  char flow_peek() {
    while (true) {
      const std::string& l = lines_[flow_line_];
      while (flow_col_ < l.size() && l[flow_col_] == ' ')
        ++flow_col_;
      if (flow_col_ < l.size() &&
          !(l[flow_col_] == '#' && flow_col_ > 0 && l[flow_col_ - 1] == ' ')) {
        return l[flow_col_];
      }
      // End of line (or a comment): continue on the next non-blank line.
      std::size_t next = flow_line_ + 1;
      while (next < lines_.size() && blank_or_comment(lines_[next]))
        ++next;
      if (next >= lines_.size()) fail(flow_line_, "unclosed flow collection");
      check_tabs(next);
      if (static_cast<int>(lines_[next].find_first_not_of(' ')) <= flow_owner_) {
        fail(next, "a continued flow collection must be indented more than its key");
      }
      flow_line_ = next;
      flow_col_ = 0;
    }
  }

  nlohmann::json flow_value() {
    const char c = flow_peek();
    if (c == '[') {
      ++flow_col_;
      nlohmann::json array = nlohmann::json::array();
      if (flow_peek() == ']') {
        ++flow_col_;
        return array;
      }
      while (true) {
        array.push_back(flow_value());
        const char d = flow_peek();
        ++flow_col_;
        if (d == ']') return array;
        if (d != ',') fail(flow_line_, "expected ',' or ']' in a flow sequence");
        if (flow_peek() == ']') fail(flow_line_, "a trailing ',' in a flow sequence");
      }
    }
    if (c == '{') {
      ++flow_col_;
      nlohmann::json object = nlohmann::json::object();
      if (flow_peek() == '}') {
        ++flow_col_;
        return object;
      }
      while (true) {
        flow_peek();
        const std::size_t key_line = flow_line_;
        nlohmann::json key = flow_scalar(true);
        if (!key.is_string()) key = key.dump();
        if (flow_peek() != ':')
          fail(flow_line_, "every flow mapping entry must be `key: value` (quote a text with ',')");
        ++flow_col_;
        if (object.contains(key.get<std::string>()))
          fail(key_line, "duplicate key '" + key.get<std::string>() + "'");
        object[key.get<std::string>()] = flow_value();
        const char d = flow_peek();
        ++flow_col_;
        if (d == '}') return object;
        if (d != ',')
          fail(flow_line_, "expected ',' or '}' in a flow mapping (quote a text with ',')");
      }
    }
    return flow_scalar(false);
  }

  nlohmann::json flow_scalar(bool key) {
    const std::string& l = lines_[flow_line_];
    const char c = l[flow_col_];
    if (c == '"' || c == '\'') {
      std::string s = quoted(l, flow_col_, flow_line_);
      return s;
    }
    if (c == ']' || c == '}' || c == ',') fail(flow_line_, "missing value in a flow collection");
    check_plain_start(l.substr(flow_col_), flow_line_);
    std::string plain;
    while (flow_col_ < l.size()) {
      const char d = l[flow_col_];
      if (d == ',' || d == ']' || d == '}' || d == '[' || d == '{') break;
      if (d == ':' &&
          (flow_col_ + 1 == l.size() || l[flow_col_ + 1] == ' ' || l[flow_col_ + 1] == ',' ||
           l[flow_col_ + 1] == '}' || l[flow_col_ + 1] == ']')) {
        if (!key) fail(flow_line_, "a plain scalar cannot contain ': ': quote it");
        break;
      }
      if (d == '#' && flow_col_ > 0 && l[flow_col_ - 1] == ' ') break;
      plain.push_back(d);
      ++flow_col_;
    }
    while (!plain.empty() && plain.back() == ' ')
      plain.pop_back();
    if (key) return plain;
    check_not_yaml11_boolean(plain, flow_line_);
    return resolve_plain(plain);
  }

  // A block scalar: header at lines_[line][column] ('|' or '>', optional '-' or '+').
  nlohmann::json block_scalar(std::size_t line, std::size_t column, int owner) {
    const std::string& header = lines_[line];
    const bool literal = header[column] == '|';
    char chomp = ' ';
    std::size_t i = column + 1;
    if (i < header.size() && (header[i] == '-' || header[i] == '+')) chomp = header[i++];
    if (i < header.size() && std::isdigit(static_cast<unsigned char>(header[i]))) {
      fail(line, "block scalar indentation indicators are not supported");
    }
    while (i < header.size() && header[i] == ' ')
      ++i;
    if (i < header.size() && header[i] != '#')
      fail(line, "unexpected text after a block scalar header");
    std::size_t next = line + 1;
    int content_indent = -1;
    std::vector<std::string> body;
    while (next < lines_.size()) {
      const std::string& l = lines_[next];
      const auto first = l.find_first_not_of(' ');
      if (first == std::string::npos) {
        body.emplace_back();
        ++next;
        continue;
      }
      check_tabs(next);
      const int ind = static_cast<int>(first);
      if (content_indent < 0) {
        if (ind <= owner) break;
        content_indent = ind;
      }
      if (ind < content_indent) break;
      body.push_back(l.substr(static_cast<std::size_t>(content_indent)));
      ++next;
    }
    // Trailing blank lines belong to the chomping, not to the content.
    std::size_t trailing = 0;
    while (!body.empty() && body.back().empty()) {
      body.pop_back();
      ++trailing;
    }
    std::string out;
    if (literal) {
      for (std::size_t k = 0; k < body.size(); ++k) {
        if (k > 0) out += '\n';
        out += body[k];
      }
    } else {
      // Folding: lines of one paragraph join with a space; blank lines are line breaks; more
      // indented lines keep their breaks.
      for (std::size_t k = 0; k < body.size(); ++k) {
        if (k == 0) {
          out += body[k];
          continue;
        }
        const bool prev_more = !body[k - 1].empty() && body[k - 1][0] == ' ';
        const bool cur_more = !body[k].empty() && body[k][0] == ' ';
        if (body[k].empty()) {
          out += '\n';
        } else if (body[k - 1].empty()) {
          out += body[k];
        } else if (prev_more || cur_more) {
          out += '\n' + body[k];
        } else {
          out += ' ' + body[k];
        }
      }
    }
    if (chomp != '-' && !body.empty()) out += '\n';
    if (chomp == '+') out += std::string(trailing, '\n');
    pos_ = next;
    return out;
  }

  std::string name_;
  std::vector<std::string> lines_;
  std::map<std::size_t, int> virtual_indent_;  // "- key: value" lines read as a mapping
  std::size_t pos_ = 0;
  std::string rest_;
  std::size_t flow_line_ = 0, flow_col_ = 0;
  int flow_owner_ = -1;
};

// Parses `text` (in the subset); throws std::runtime_error "<name>:<line>: <why>".
inline nlohmann::json parse(const std::string& text, const std::string& name = "<yaml>") {
  return Reader(text, name).document();
}

}  // namespace yaml_subset

// ------------------------------------------------------------------------------------------------
// The OpenAPI document and the JSON Schema subset validator.

class OpenApi {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  static OpenApi load(const std::string& yaml_path) {
    std::ifstream in(yaml_path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + yaml_path);
    std::stringstream text;
    text << in.rdbuf();
    return from_text(text.str(), yaml_path);
  }

  static OpenApi from_text(const std::string& yaml, const std::string& name = "<openapi>") {
    OpenApi api;
    api.doc_ = yaml_subset::parse(yaml, name);
    api.patterns_ = std::make_shared<std::map<std::string, std::regex>>();
    std::vector<std::string> problems;
    api.lint(problems);
    if (!problems.empty()) {
      std::string all = name + ": not in the supported OpenAPI subset:";
      for (const auto& p : problems)
        all += "\n  " + p;
      throw std::runtime_error(all);
    }
    return api;
  }

  const nlohmann::json& document() const { return doc_; }

  // (METHOD, templated path) of every documented operation.
  std::vector<std::pair<std::string, std::string>> operations() const {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [path, item] : doc_["paths"].items()) {
      for (const auto& [method, op] : item.items()) {
        if (is_method(method)) out.emplace_back(upper(method), path);
      }
    }
    return out;
  }

  // Checks that `status` is documented for the operation and that the body (JSON text; empty for
  // no body) matches the schema documented for its content type. Empty = valid.
  std::vector<std::string> check_response(const std::string& method,
                                          const std::string& path_without_query, int status,
                                          const std::string& content_type,
                                          const std::string& body) const {
    return check_response_impl(method, path_without_query, status, content_type, body,
                               std::nullopt);
  }

  // The same, and the documented response headers: required ones present, values valid.
  std::vector<std::string> check_response(const std::string& method,
                                          const std::string& path_without_query, int status,
                                          const std::string& content_type, const std::string& body,
                                          const Headers& headers) const {
    return check_response_impl(method, path_without_query, status, content_type, body, headers);
  }

  // Checks a request body against the operation's documented request body.
  std::vector<std::string> check_request(const std::string& method,
                                         const std::string& path_without_query,
                                         const std::string& content_type,
                                         const std::string& body) const {
    std::vector<std::string> out;
    const std::string where = method + " " + path_without_query + " request";
    auto op = find_operation(method, strip_query(path_without_query), out);
    if (!op) return prefixed(where, out);
    if (!op->operation->contains("requestBody")) {
      if (!body.empty()) out.push_back("no request body is documented");
      return prefixed(where, out);
    }
    const nlohmann::json& rb = resolve((*op->operation)["requestBody"]);
    if (body.empty()) {
      if (rb.value("required", false)) out.push_back("the request body is required");
      return prefixed(where, out);
    }
    if (!rb.contains("content"))
      out.push_back("the request body documents no content");
    else
      check_content(rb, content_type, body, out);
    return prefixed(where, out);
  }

  // The documented path template a concrete path falls under
  // ("/api/v1/organizations/{organizationId}" for "/api/v1/organizations/3"), if any.
  std::optional<std::string> templated_path(const std::string& method,
                                            const std::string& path) const {
    std::vector<std::string> ignored;
    auto found = find_operation(method, strip_query(path), ignored);
    if (!found) return std::nullopt;
    return found->templated;
  }

  // A standalone JSON Schema document (docs/access-package.schema.json) instead of an OpenAPI
  // one: the same keyword subset, plus $schema, $id and $defs at its root, $refs pointing into
  // it ("#/$defs/Member"). Throws std::runtime_error on what the validator does not support.
  static OpenApi from_json_schema(const nlohmann::json& schema, const std::string& name) {
    OpenApi api;
    api.doc_ = schema;
    api.patterns_ = std::make_shared<std::map<std::string, std::regex>>();
    std::vector<std::string> problems;
    nlohmann::json root = schema;
    for (const char* key : {"$schema", "$id", "$defs"})
      root.erase(key);
    api.lint_schema(root, "", problems);
    if (schema.contains("$defs")) {
      for (const auto& [def, sub] : schema["$defs"].items())
        api.lint_schema(sub, "/$defs/" + def, problems);
    }
    if (!problems.empty()) {
      std::string all = name + ": not in the supported JSON Schema subset:";
      for (const auto& p : problems)
        all += "\n  " + p;
      throw std::runtime_error(all);
    }
    return api;
  }

  // Validates a value against the root of a from_json_schema document. Empty = valid.
  std::vector<std::string> validate_document(const nlohmann::json& value) const {
    std::vector<std::string> out;
    validate_schema(doc_, value, "$", out, 0);
    return out;
  }

  // Validates a JSON value against a schema of the document ("Member" =
  // #/components/schemas/Member).
  std::vector<std::string> validate(const nlohmann::json& value,
                                    const std::string& schema_name) const {
    std::vector<std::string> out;
    nlohmann::json ref = {{"$ref", "#/components/schemas/" + schema_name}};
    validate_schema(ref, value, "$", out, 0);
    return out;
  }

 private:
  struct Found {
    std::string templated;
    const nlohmann::json* path_item = nullptr;
    const nlohmann::json* operation = nullptr;
  };

  static std::string upper(std::string s) {
    for (char& c : s)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }
  static std::string lower(std::string s) {
    for (char& c : s)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  static bool is_method(const std::string& key) {
    static const std::set<std::string> methods = {"get",   "put",  "post",    "delete",
                                                  "patch", "head", "options", "trace"};
    return methods.count(key) > 0;
  }
  static std::string strip_query(const std::string& path) { return path.substr(0, path.find('?')); }
  static std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 1;
    if (path == "/") return {""};
    while (start <= path.size()) {
      std::size_t end = path.find('/', start);
      if (end == std::string::npos) end = path.size();
      parts.push_back(path.substr(start, end - start));
      start = end + 1;
    }
    return parts;
  }
  static bool is_template(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
  }
  static std::vector<std::string> prefixed(const std::string& where,
                                           const std::vector<std::string>& list) {
    std::vector<std::string> out;
    for (const auto& v : list)
      out.push_back(where + ": " + v);
    return out;
  }

  const nlohmann::json& resolve(const nlohmann::json& node, int depth = 0) const {
    if (node.is_object() && node.contains("$ref") && node["$ref"].is_string()) {
      if (depth > 16) throw std::runtime_error("$ref loop at " + node["$ref"].get<std::string>());
      return resolve(
          doc_.at(nlohmann::json::json_pointer(node["$ref"].get<std::string>().substr(1))),
          depth + 1);
    }
    return node;
  }

  std::vector<nlohmann::json> parameters_of(const Found& f) const {
    std::vector<nlohmann::json> out;
    for (const nlohmann::json* holder : {f.path_item, f.operation}) {
      if (holder && holder->contains("parameters")) {
        for (const auto& p : (*holder)["parameters"])
          out.push_back(resolve(p));
      }
    }
    return out;
  }

  std::optional<Found> find_operation(const std::string& method, const std::string& path,
                                      std::vector<std::string>& out) const {
    const auto parts = split_path(path);
    const nlohmann::json* best = nullptr;
    std::string best_path;
    int best_literals = -1;
    for (const auto& [templated, item] : doc_["paths"].items()) {
      const auto tparts = split_path(templated);
      if (tparts.size() != parts.size()) continue;
      int literals = 0;
      bool match = true;
      for (std::size_t i = 0; i < parts.size() && match; ++i) {
        if (is_template(tparts[i]))
          match = !parts[i].empty();
        else if (tparts[i] == parts[i])
          ++literals;
        else
          match = false;
      }
      if (match && literals > best_literals) {
        best = &item;
        best_path = templated;
        best_literals = literals;
      }
    }
    if (!best) {
      out.push_back("no documented path matches");
      return std::nullopt;
    }
    const std::string m = lower(method);
    if (!best->contains(m)) {
      out.push_back(upper(method) + " is not documented for " + best_path);
      return std::nullopt;
    }
    Found f{best_path, best, &(*best)[m]};
    // Path parameters: the concrete segments must fit their schemas.
    const auto tparts = split_path(best_path);
    const auto params = parameters_of(f);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (!is_template(tparts[i])) continue;
      const std::string name = tparts[i].substr(1, tparts[i].size() - 2);
      for (const auto& p : params) {
        if (p.value("in", "") != "path" || p.value("name", "") != name || !p.contains("schema"))
          continue;
        nlohmann::json value = parts[i];
        static const std::regex digits("^-?[0-9]{1,18}$");
        if (std::regex_match(parts[i], digits)) value = std::stoll(parts[i]);
        const nlohmann::json& schema = resolve(p["schema"]);
        std::vector<std::string> errors;
        validate_schema(schema, value, "path parameter " + name, errors, 0);
        // An integer written as text fits a string schema too.
        if (!errors.empty() && value.is_number()) {
          std::vector<std::string> as_text;
          validate_schema(schema, nlohmann::json(parts[i]), "path parameter " + name, as_text, 0);
          if (as_text.empty()) errors.clear();
        }
        out.insert(out.end(), errors.begin(), errors.end());
      }
    }
    return f;
  }

  static std::string media_type_of(const std::string& content_type) {
    std::string t = content_type.substr(0, content_type.find(';'));
    while (!t.empty() && t.back() == ' ')
      t.pop_back();
    while (!t.empty() && t.front() == ' ')
      t.erase(0, 1);
    return lower(t);
  }
  static bool is_json_media(const std::string& media) {
    return media == "application/json" ||
           (media.size() > 5 && media.compare(media.size() - 5, 5, "+json") == 0);
  }

  // `holder` has a `content` map (a response or a request body).
  void check_content(const nlohmann::json& holder, const std::string& content_type,
                     const std::string& body, std::vector<std::string>& out) const {
    const auto& content = holder["content"];
    const std::string media = media_type_of(content_type);
    const nlohmann::json* entry = nullptr;
    for (const auto& [key, value] : content.items()) {
      const std::string k = lower(key);
      if (k == media || k == "*/*" ||
          (k.size() > 2 && k.compare(k.size() - 2, 2, "/*") == 0 &&
           media.rfind(k.substr(0, k.size() - 1), 0) == 0)) {
        entry = &value;
        break;
      }
    }
    if (!entry) {
      std::string documented;
      for (const auto& [key, value] : content.items())
        documented += (documented.empty() ? "" : ", ") + key;
      out.push_back("content type '" + content_type +
                    "' is not documented (documented: " + documented + ")");
      return;
    }
    if (!entry->contains("schema")) return;
    const nlohmann::json& schema = (*entry)["schema"];
    if (is_json_media(media)) {
      auto json = nlohmann::json::parse(body, nullptr, false);
      if (json.is_discarded()) {
        out.push_back("the body is not JSON: " + body.substr(0, 200));
        return;
      }
      validate_schema(schema, json, "$", out, 0);
    } else {
      validate_schema(schema, nlohmann::json(body), "body", out, 0);
    }
  }

  std::vector<std::string> check_response_impl(const std::string& method, const std::string& path,
                                               int status, const std::string& content_type,
                                               const std::string& body,
                                               const std::optional<Headers>& headers) const {
    std::vector<std::string> out;
    const std::string where = method + " " + path + " -> " + std::to_string(status);
    auto op = find_operation(method, strip_query(path), out);
    if (!op) return prefixed(where, out);
    const auto& responses = (*op->operation)["responses"];
    const std::string code = std::to_string(status);
    const nlohmann::json* response = nullptr;
    if (responses.contains(code))
      response = &resolve(responses[code]);
    else if (responses.contains("default"))
      response = &resolve(responses["default"]);
    if (!response) {
      std::string documented;
      for (const auto& [key, value] : responses.items())
        documented += (documented.empty() ? "" : ", ") + key;
      out.push_back("status " + code + " is not documented for " + upper(method) + " " +
                    op->templated + " (documented: " + documented + ")");
      return prefixed(where, out);
    }
    if (response->contains("content")) {
      if (body.empty() && content_type.empty()) {
        out.push_back("a body is documented but none came");
      } else {
        check_content(*response, content_type, body, out);
      }
    } else if (!body.empty()) {
      out.push_back("no body is documented, got: " + body.substr(0, 200));
    }
    if (headers && response->contains("headers")) {
      for (const auto& [name, spec_node] : (*response)["headers"].items()) {
        if (lower(name) == "content-type") continue;
        const nlohmann::json& spec = resolve(spec_node);
        std::optional<std::string> value;
        for (const auto& [k, v] : *headers) {
          if (lower(k) == lower(name)) value = v;
        }
        if (!value) {
          if (spec.value("required", false)) out.push_back("header " + name + " is missing");
          continue;
        }
        if (spec.contains("schema"))
          validate_schema(spec["schema"], nlohmann::json(*value), "header " + name, out, 0);
      }
    }
    return prefixed(where, out);
  }

  // ---- JSON Schema subset.

  static std::string type_name(const nlohmann::json& v) {
    if (v.is_null()) return "null";
    if (v.is_boolean()) return "boolean";
    if (v.is_number_integer() || v.is_number_unsigned()) return "integer";
    if (v.is_number()) return "number";
    if (v.is_string()) return "string";
    if (v.is_array()) return "array";
    return "object";
  }
  static bool has_type(const nlohmann::json& v, const std::string& t) {
    if (t == "integer") {
      return v.is_number_integer() || v.is_number_unsigned() ||
             (v.is_number_float() &&
              v.get<double>() == static_cast<double>(static_cast<std::int64_t>(v.get<double>())));
    }
    if (t == "number") return v.is_number();
    return type_name(v) == t;
  }
  static std::size_t utf8_length(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) {
      if ((c & 0xC0) != 0x80) ++n;
    }
    return n;
  }
  static std::string shown(const nlohmann::json& v) {
    std::string s = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return s.size() > 80 ? s.substr(0, 77) + "..." : s;
  }

  const std::regex& pattern(const std::string& p) const {
    auto it = patterns_->find(p);
    if (it == patterns_->end())
      it = patterns_->emplace(p, std::regex(p, std::regex::ECMAScript)).first;
    return it->second;
  }

  static bool valid_format(const std::string& format, const std::string& s) {
    if (format == "date") {
      static const std::regex date("^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$");
      return std::regex_match(s, date);
    }
    if (format == "date-time") {
      static const std::regex date_time(
          "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5]["
          "0-9]"
          "(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$");
      return std::regex_match(s, date_time);
    }
    return true;  // other formats are annotations
  }

  void validate_schema(const nlohmann::json& schema, const nlohmann::json& v, const std::string& at,
                       std::vector<std::string>& out, int depth) const {
    if (depth > 64) {
      out.push_back(at + ": schema nesting too deep (a $ref loop?)");
      return;
    }
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) out.push_back(at + ": no value is allowed here");
      return;
    }
    if (schema.contains("$ref")) validate_schema(resolve(schema), v, at, out, depth + 1);
    if (schema.contains("type")) {
      const auto& t = schema["type"];
      bool ok = false;
      std::string expected;
      for (const auto& one : t.is_array() ? t : nlohmann::json::array({t})) {
        ok = ok || has_type(v, one.get<std::string>());
        expected += (expected.empty() ? "" : " or ") + one.get<std::string>();
      }
      if (!ok) {
        out.push_back(at + ": expected " + expected + ", got " + type_name(v) + " " + shown(v));
        return;
      }
    }
    if (schema.contains("enum")) {
      bool found = false;
      for (const auto& e : schema["enum"])
        found = found || e == v;
      if (!found) out.push_back(at + ": " + shown(v) + " is not one of " + shown(schema["enum"]));
    }
    if (schema.contains("const") && schema["const"] != v) {
      out.push_back(at + ": expected " + shown(schema["const"]) + ", got " + shown(v));
    }
    if (v.is_number()) {
      const double d = v.get<double>();
      if (schema.contains("minimum") && d < schema["minimum"].get<double>())
        out.push_back(at + ": " + shown(v) + " is below the minimum " + shown(schema["minimum"]));
      if (schema.contains("maximum") && d > schema["maximum"].get<double>())
        out.push_back(at + ": " + shown(v) + " is above the maximum " + shown(schema["maximum"]));
      if (schema.contains("exclusiveMinimum") && d <= schema["exclusiveMinimum"].get<double>())
        out.push_back(at + ": " + shown(v) + " is not above " + shown(schema["exclusiveMinimum"]));
      if (schema.contains("exclusiveMaximum") && d >= schema["exclusiveMaximum"].get<double>())
        out.push_back(at + ": " + shown(v) + " is not below " + shown(schema["exclusiveMaximum"]));
    }
    if (v.is_string()) {
      const std::string& s = v.get_ref<const std::string&>();
      const std::size_t length = utf8_length(s);
      if (schema.contains("minLength") && length < schema["minLength"].get<std::size_t>())
        out.push_back(at + ": shorter than " + shown(schema["minLength"]) +
                      " characters: " + shown(v));
      if (schema.contains("maxLength") && length > schema["maxLength"].get<std::size_t>())
        out.push_back(at + ": longer than " + shown(schema["maxLength"]) +
                      " characters: " + shown(v));
      if (schema.contains("pattern") &&
          !std::regex_search(s, pattern(schema["pattern"].get<std::string>()))) {
        out.push_back(at + ": " + shown(v) + " does not match " +
                      schema["pattern"].get<std::string>());
      }
      if (schema.contains("format") && !valid_format(schema["format"].get<std::string>(), s)) {
        out.push_back(at + ": " + shown(v) + " is not a " + schema["format"].get<std::string>());
      }
    }
    if (v.is_array()) {
      if (schema.contains("minItems") && v.size() < schema["minItems"].get<std::size_t>())
        out.push_back(at + ": fewer than " + shown(schema["minItems"]) + " items");
      if (schema.contains("maxItems") && v.size() > schema["maxItems"].get<std::size_t>())
        out.push_back(at + ": more than " + shown(schema["maxItems"]) + " items");
      if (schema.contains("items")) {
        for (std::size_t i = 0; i < v.size(); ++i) {
          validate_schema(schema["items"], v[i], at + "[" + std::to_string(i) + "]", out,
                          depth + 1);
        }
      }
    }
    if (v.is_object()) {
      if (schema.contains("required")) {
        for (const auto& name : schema["required"]) {
          if (!v.contains(name.get<std::string>()))
            out.push_back(at + ": required property '" + name.get<std::string>() + "' is missing");
        }
      }
      const nlohmann::json empty = nlohmann::json::object();
      const auto& props = schema.contains("properties") ? schema["properties"] : empty;
      for (const auto& [key, value] : v.items()) {
        if (props.contains(key)) {
          validate_schema(props[key], value, at + "." + key, out, depth + 1);
        } else if (schema.contains("additionalProperties")) {
          const auto& extra = schema["additionalProperties"];
          if (extra.is_boolean() && !extra.get<bool>())
            out.push_back(at + ": property '" + key + "' is not documented");
          else if (extra.is_object())
            validate_schema(extra, value, at + "." + key, out, depth + 1);
        }
      }
    }
    if (schema.contains("allOf")) {
      for (const auto& sub : schema["allOf"])
        validate_schema(sub, v, at, out, depth + 1);
    }
    if (schema.contains("anyOf") || schema.contains("oneOf")) {
      const bool one = schema.contains("oneOf");
      const auto& list = one ? schema["oneOf"] : schema["anyOf"];
      std::size_t matching = 0;
      std::vector<std::string> reasons;
      for (const auto& sub : list) {
        std::vector<std::string> errors;
        validate_schema(sub, v, at, errors, depth + 1);
        if (errors.empty())
          ++matching;
        else
          reasons.push_back(errors.front());
      }
      if (matching == 0) {
        std::string why;
        for (const auto& r : reasons)
          why += " [" + r + "]";
        out.push_back(at + ": matches none of " + std::string(one ? "oneOf" : "anyOf") + ":" + why);
      } else if (one && matching > 1) {
        out.push_back(at + ": matches " + std::to_string(matching) + " schemas of oneOf");
      }
    }
  }

  // ---- What the document may use: checked once at load.

  void lint_schema(const nlohmann::json& s, const std::string& at,
                   std::vector<std::string>& out) const {
    static const std::set<std::string> keywords = {"$ref",
                                                   "type",
                                                   "properties",
                                                   "required",
                                                   "additionalProperties",
                                                   "items",
                                                   "enum",
                                                   "const",
                                                   "minimum",
                                                   "maximum",
                                                   "exclusiveMinimum",
                                                   "exclusiveMaximum",
                                                   "minLength",
                                                   "maxLength",
                                                   "pattern",
                                                   "minItems",
                                                   "maxItems",
                                                   "oneOf",
                                                   "anyOf",
                                                   "allOf",
                                                   "format",
                                                   "description",
                                                   "title",
                                                   "example",
                                                   "examples",
                                                   "default",
                                                   "deprecated",
                                                   "readOnly",
                                                   "writeOnly"};
    static const std::set<std::string> types = {"object", "array",   "string", "integer",
                                                "number", "boolean", "null"};
    if (s.is_boolean()) return;
    if (!s.is_object()) {
      out.push_back(at + ": a schema must be a mapping");
      return;
    }
    for (const auto& [key, value] : s.items()) {
      if (!keywords.count(key)) out.push_back(at + ": unsupported schema keyword '" + key + "'");
    }
    if (s.contains("type")) {
      const auto& t = s["type"];
      for (const auto& one : t.is_array() ? t : nlohmann::json::array({t})) {
        if (!one.is_string() || !types.count(one.get<std::string>()))
          out.push_back(at + "/type: unknown type " + shown(one));
      }
    }
    if (s.contains("properties")) {
      if (!s["properties"].is_object())
        out.push_back(at + "/properties: must be a mapping");
      else
        for (const auto& [name, sub] : s["properties"].items())
          lint_schema(sub, at + "/properties/" + name, out);
    }
    if (s.contains("required")) {
      if (!s["required"].is_array())
        out.push_back(at + "/required: must be a list");
      else
        for (const auto& r : s["required"]) {
          if (!r.is_string())
            out.push_back(at + "/required: names must be strings");
          else if (s.contains("properties") && !s["properties"].contains(r.get<std::string>())) {
            out.push_back(at + "/required: '" + r.get<std::string>() +
                          "' is not among the properties");
          }
        }
    }
    if (s.contains("items")) lint_schema(s["items"], at + "/items", out);
    if (s.contains("additionalProperties") && !s["additionalProperties"].is_boolean()) {
      lint_schema(s["additionalProperties"], at + "/additionalProperties", out);
    }
    for (const char* list : {"allOf", "anyOf", "oneOf"}) {
      if (!s.contains(list)) continue;
      if (!s[list].is_array())
        out.push_back(at + "/" + list + ": must be a list");
      else
        for (std::size_t i = 0; i < s[list].size(); ++i)
          lint_schema(s[list][i], at + "/" + list + "/" + std::to_string(i), out);
    }
    if (s.contains("enum") && !s["enum"].is_array()) out.push_back(at + "/enum: must be a list");
    for (const char* n : {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}) {
      if (s.contains(n) && !s[n].is_number()) out.push_back(at + "/" + n + ": must be a number");
    }
    for (const char* n : {"minLength", "maxLength", "minItems", "maxItems"}) {
      if (s.contains(n) && !s[n].is_number_integer())
        out.push_back(at + "/" + n + ": must be a whole number");
    }
    if (s.contains("pattern")) {
      try {
        pattern(s["pattern"].get<std::string>());
      } catch (const std::exception& e) {
        out.push_back(at + "/pattern: " + e.what());
      }
    }
    if (s.contains("$ref")) check_ref(s["$ref"], at, out);
  }

  void check_ref(const nlohmann::json& ref, const std::string& at,
                 std::vector<std::string>& out) const {
    if (!ref.is_string() || ref.get<std::string>().rfind("#/", 0) != 0) {
      out.push_back(at + ": only local $ref (#/...) are supported");
      return;
    }
    try {
      (void)doc_.at(nlohmann::json::json_pointer(ref.get<std::string>().substr(1)));
    } catch (const std::exception&) {
      out.push_back(at + ": $ref " + ref.get<std::string>() + " names nothing");
    }
  }

  // Walks everything but schemas, linting each schema where OpenAPI puts one.
  void walk(const nlohmann::json& node, const std::string& at,
            std::vector<std::string>& out) const {
    if (node.is_array()) {
      for (std::size_t i = 0; i < node.size(); ++i)
        walk(node[i], at + "/" + std::to_string(i), out);
      return;
    }
    if (!node.is_object()) return;
    for (const auto& [key, value] : node.items()) {
      const std::string here = at + "/" + key;
      if (key == "$ref")
        check_ref(value, at, out);
      else if (key == "schema")
        lint_schema(value, here, out);
      else if (here == "/components/schemas") {
        for (const auto& [name, schema] : value.items())
          lint_schema(schema, here + "/" + name, out);
      } else if (key == "example" || key == "examples" || key == "default") {
        continue;
      } else {
        walk(value, here, out);
      }
    }
  }

  void lint(std::vector<std::string>& out) const {
    if (!doc_.is_object() || !doc_.contains("openapi") || !doc_["openapi"].is_string() ||
        doc_["openapi"].get<std::string>().rfind("3.1", 0) != 0) {
      out.push_back("/openapi: must be 3.1.x");
    }
    if (!doc_.contains("paths") || !doc_["paths"].is_object()) {
      out.push_back("/paths: missing");
      return;
    }
    walk(doc_, "", out);
    if (!out.empty()) return;  // the checks below resolve $refs
    static const std::regex status_code("^[1-5][0-9][0-9]$");
    for (const auto& [path, item] : doc_["paths"].items()) {
      const std::string at = "/paths/" + path;
      if (path.empty() || path[0] != '/') out.push_back(at + ": a path starts with /");
      for (const auto& [key, op] : item.items()) {
        if (!is_method(key) && key != "parameters" && key != "summary" && key != "description") {
          out.push_back(at + ": unexpected key '" + key + "'");
          continue;
        }
        if (!is_method(key)) continue;
        if (!op.contains("responses") || op["responses"].empty()) {
          out.push_back(at + "/" + key + ": no responses");
          continue;
        }
        for (const auto& [code, response] : op["responses"].items()) {
          if (code != "default" && !std::regex_match(code, status_code))
            out.push_back(at + "/" + key + "/responses: bad status '" + code + "'");
          if (!resolve(response).contains("description"))
            out.push_back(at + "/" + key + "/responses/" + code + ": no description");
        }
        // Every {name} of the path is a declared path parameter, and the other way round.
        Found f{path, &item, &op};
        std::set<std::string> declared;
        for (const auto& p : parameters_of(f)) {
          if (p.value("in", "") == "path") declared.insert(p.value("name", ""));
          if (!p.contains("schema"))
            out.push_back(at + "/" + key + ": parameter " + p.value("name", "?") +
                          " has no schema");
        }
        std::set<std::string> in_path;
        for (const auto& segment : split_path(path)) {
          if (is_template(segment)) in_path.insert(segment.substr(1, segment.size() - 2));
        }
        if (declared != in_path)
          out.push_back(at + "/" + key +
                        ": path parameters declared do not match the path's {names}");
      }
    }
  }

  nlohmann::json doc_;
  // Compiled patterns, shared by copies (std::regex is costly to build).
  std::shared_ptr<std::map<std::string, std::regex>> patterns_;
};

}  // namespace registre::test_support
