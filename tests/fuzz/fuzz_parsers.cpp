// Fuzzes every small parser of user or peer text with one target: the first byte picks the
// parser, the rest is its input. Each case asserts what the parser promises where that is cheap
// (round trips, idempotence, valid UTF-8 out, an error that names its field), not only that it
// does not crash. The CSV reader, the AppAPI header, webhook bodies, TZif files and the HTTP
// routes have their own targets. The selector values are stable: seeds in corpus/parsers/ start
// with them (see docs/fuzzing.md).
#include <httplib.h>

#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "crypto/sodium.hpp"
#include "domain/calendar_date.hpp"
#include "domain/contact_fields.hpp"
#include "domain/custom_field.hpp"
#include "domain/custom_value_text.hpp"
#include "domain/import_columns.hpp"
#include "domain/import_mapping.hpp"
#include "domain/member.hpp"
#include "domain/public_link.hpp"
#include "domain/retention_rule.hpp"
#include "domain/search_text.hpp"
#include "domain/utf8.hpp"
#include "domain/webhook_event.hpp"
#include "http/cursor.hpp"
#include "http/json_body.hpp"
#include "http/member_json.hpp"
#include "http/query_params.hpp"
#include "http/representations.hpp"
#include "nextcloud/ocs_client.hpp"

namespace {

using namespace registre;
using namespace registre::domain;
using nlohmann::json;

void check(bool condition) {
  if (!condition) std::abort();
}

// Splits at `sep` (kept parts may be empty).
std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(sep, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// Every invalid answer must say which field is wrong and why. (A name may be empty: a JSON key
// "" or an empty argument is named as it was sent.)
void check_field_errors(const Error& e) {
  if (e.kind != ErrorKind::invalid) return;
  check(!e.fields.empty());
  for (const auto& f : e.fields)
    check(!f.message.empty());
}

json parse_or_null(std::string_view text) {
  return json::parse(text, nullptr, false);
}

void fuzz_utf8(std::string_view in) {
  // is_valid_utf8 agrees with decoding code point by code point, and utf8_length counts them.
  bool valid = true;
  std::size_t count = 0;
  for (std::size_t i = 0; i < in.size();) {
    char32_t cp = 0;
    const std::size_t n = decode_utf8(in, i, cp);
    if (n == 0) {
      valid = false;
      break;
    }
    check(n <= 4 && i + n <= in.size() && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF));
    i += n;
    ++count;
  }
  check(valid == is_valid_utf8(in));
  if (valid) check(utf8_length(in) == count);
}

void fuzz_search(std::string_view in) {
  const std::string folded = fold_for_search(in);
  check(folded.size() <= in.size());
  check(is_valid_utf8(folded));
  check(fold_for_search(folded) == folded);
  check(folded.empty() || (folded.front() != ' ' && folded.back() != ' '));
  check(folded.find("  ") == std::string::npos);
  check(matches_search(folded, folded));
  check(matches_search(folded, ""));
  // The input's second half as a query, against its first half as a text: no crash either way.
  const std::string query = fold_for_search(in.substr(in.size() / 2));
  (void)matches_search(fold_for_search(in.substr(0, in.size() / 2)), query);
}

void fuzz_contact(std::string_view in) {
  using Normalizer = std::optional<std::string> (*)(std::string_view);
  for (Normalizer normalize : {normalize_email, normalize_french_postcode, normalize_phone}) {
    auto out = normalize(in);
    if (!out) continue;
    // The stored form is valid UTF-8 and already normal.
    check(is_valid_utf8(*out));
    check(!out->empty());
    auto again = normalize(*out);
    check(again && *again == *out);
  }
}

void fuzz_date(std::string_view in) {
  auto d = parse_date(in);
  if (!d) return;
  check(d->ok());
  check(static_cast<int>(d->year()) >= 1900 && static_cast<int>(d->year()) <= 2200);
  const std::string iso = format_iso(*d);
  check(iso.size() == 10);
  auto again = parse_date(iso);
  check(again && *again == *d);
}

void fuzz_cursor(std::string_view in) {
  auto cursor = http::decode_cursor(std::string(in));
  if (cursor) {
    auto again = http::decode_cursor(http::encode_cursor(*cursor));
    check(again && again->keys == cursor->keys && again->id == cursor->id);
  }
  // A cursor of our own (keys of valid UTF-8, as the store gives them) survives the trip.
  store::MemberCursor own;
  for (auto& key : split(in, '\n')) {
    if (is_valid_utf8(key)) own.keys.push_back(key);
  }
  own.id = static_cast<std::int64_t>(in.size()) - 7;
  const std::string token = http::encode_cursor(own);
  for (char c : token)
    check(c != '+' && c != '/' && c != '=');
  auto back = http::decode_cursor(token);
  check(token.size() > 4096 || (back && back->keys == own.keys && back->id == own.id));
}

void fuzz_member_json(std::string_view in) {
  // append_json_string writes what nlohmann::json::dump writes (U+FFFD for invalid UTF-8).
  const std::string text(in);
  std::string out;
  http::append_json_string(out, text);
  check(out == json(text).dump(-1, ' ', false, json::error_handler_t::replace));

  // A member built from the input: the fast list text equals the general representation.
  auto parts = split(in, '\x1f');
  parts.resize(12);
  for (auto& p : parts) {
    if (!is_valid_utf8(p)) p = "x";  // stored text is valid UTF-8 (the API checks it)
  }
  domain::Member m;
  m.id = static_cast<std::int64_t>(in.size());
  m.organization_id = 1;
  m.number = static_cast<std::int64_t>(in.size()) * 3;
  m.first_name = parts[0];
  m.last_name = parts[1];
  if (!parts[2].empty()) m.email = parts[2];
  if (!parts[3].empty()) m.phone = parts[3];
  if (!parts[4].empty()) m.address = parts[4];
  if (!parts[5].empty()) m.city = parts[5];
  if (!parts[6].empty()) m.birth_date = parts[6];
  m.notes = parts[7];
  if (!parts[8].empty()) m.admitted_on = parts[8];
  m.restricted = parts[9].size() % 2 == 1;
  const json custom = parse_or_null(parts[10]);
  if (custom.is_object()) m.custom = custom.dump();
  m.created_at = parts[11];
  std::string fast;
  http::append_member_json(fast, m);
  check(fast == http::to_json(m).dump());
}

void fuzz_json_body(std::string_view in) {
  // First line: the If-Match header; the rest: the body.
  const auto nl = in.find('\n');
  httplib::Request req;
  req.body = std::string(in.substr(nl == std::string_view::npos ? in.size() : nl + 1));
  if (nl != std::string_view::npos) req.headers.emplace("If-Match", std::string(in.substr(0, nl)));

  auto version = http::required_if_match(req);
  if (version) {
    // The ETag the API writes for that version reads back as the same version.
    httplib::Request again;
    again.headers.emplace("If-Match", http::etag(version.value()));
    auto v = http::required_if_match(again);
    check(v && v.value() == version.value());
  } else {
    const auto kind = version.error().kind;
    check(kind == ErrorKind::precondition_required || kind == ErrorKind::invalid ||
          kind == ErrorKind::precondition_failed);
    if (kind == ErrorKind::invalid) check_field_errors(version.error());
  }

  auto body = http::parse_json_object(req, 4096);
  if (!body) {
    const auto kind = body.error().kind;
    check(kind == ErrorKind::invalid || kind == ErrorKind::payload_too_large);
    check(kind != ErrorKind::invalid || !is_valid_utf8(req.body) || req.body.size() <= 4096);
    return;
  }
  check(body->is_object());
  check(req.body.size() <= 4096);
  http::FieldReader r(body.value(), {"name", "count", "on", "note"});
  auto name = r.string("name", true);
  auto note = r.string("note", false, true);
  auto count = r.integer("count", -5, 1000, false, true);
  auto on = r.boolean("on");
  (void)r.nulls();
  auto done = r.finish();
  if (done) {
    check(name.has_value());
    check(is_valid_utf8(*name));
    check(!count || (*count >= -5 && *count <= 1000));
    // Everything the body holds was a known field.
    for (const auto& [key, value] : body->items()) {
      check(key == "name" || key == "count" || key == "on" || key == "note");
    }
    (void)note;
    (void)on;
  } else {
    check(done.error().kind == ErrorKind::invalid);
    check_field_errors(done.error());
  }
}

void fuzz_query(std::string_view in) {
  // "key=value&key=value", as httplib would have split it (no percent decoding here).
  httplib::Request req;
  for (const auto& pair : split(in, '&')) {
    const auto eq = pair.find('=');
    if (eq == 0 || pair.empty()) continue;  // httplib keeps no parameter without a name
    req.params.emplace(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
  }
  std::vector<FieldError> errors;
  auto filter = http::read_member_filter(req, errors);
  http::refuse_unknown_params(req, {"q", "status", "type", "paid", "sort"}, errors);
  auto statuses = http::parse_status_list(std::string(in), errors);
  for (const auto& e : errors)
    check(!e.field.empty() && !e.message.empty());
  for (const auto& s : statuses)
    check(!s.empty());
  for (const auto& s : filter.statuses)
    check(!s.empty());
  (void)http::is_member_filter_param(std::string(in));
}

std::vector<FieldDefinition> sample_definitions() {
  std::vector<FieldDefinition> d(7);
  const char* keys[] = {"licence",   "notes_long", "size",  "certificate",
                        "volunteer", "team",       "skills"};
  const char* types[] = {"text",    "long_text",     "number",         "date",
                         "boolean", "single_choice", "multiple_choice"};
  for (std::size_t i = 0; i < d.size(); ++i) {
    d[i].id = static_cast<std::int64_t>(i + 1);
    d[i].organization_id = 1;
    d[i].key = keys[i];
    d[i].label = std::string("Label ") + keys[i];
    d[i].type = types[i];
  }
  d[5].choices = {"Rouge", "Vert, clair", "Bleu"};
  d[6].choices = {"Cuisine", "Accueil", "Trésorerie"};
  d[2].required = true;
  for (const auto& def : d)
    check(validate_definition(def).empty());
  return d;
}

void fuzz_custom_fields(std::string_view in) {
  static const std::vector<FieldDefinition> definitions = sample_definitions();
  // As JSON: changes applied to an empty record (creating) and to a full one (updating).
  const json changes = parse_or_null(in);
  if (!changes.is_discarded()) {
    for (bool creating : {true, false}) {
      json values = creating
                        ? json::object()
                        : json{{"size", 3}, {"team", "Bleu"}, {"skills", json::array({"Accueil"})}};
      auto changed = apply_custom_values(values, changes, definitions, creating);
      if (changed) {
        check(values.is_object());
        for (const auto& [key, value] : values.items()) {
          bool defined = false;
          for (const auto& d : definitions)
            defined = defined || d.key == key;
          check(defined && !value.is_null());
        }
      } else {
        check_field_errors(changed.error());
        for (const auto& f : changed.error().fields)
          check(f.field.rfind("custom", 0) == 0);
      }
    }
  }
  // As a spreadsheet cell for every type: a value the reader gives (dates excepted, checked
  // later) is one the definition accepts. Cells are valid UTF-8 (the CSV reader sees to it).
  if (in.empty() || !is_valid_utf8(in)) return;
  for (const auto& def : definitions) {
    auto value = custom_value_from_text(def, in);
    if (auto* j = std::get_if<json>(&value)) {
      if (def.type == "date") continue;
      json values = json::object();
      auto applied = apply_custom_values(values, json{{def.key, *j}}, definitions, false);
      check(applied.ok());
    } else {
      check(!std::get<std::string>(value).empty());
    }
  }
}

void fuzz_import_columns(std::string_view in) {
  // First line: the `columns` parameter; the rest: a tab-separated header.
  const auto nl = in.find('\n');
  const std::string_view choices_text = in.substr(0, nl);
  std::vector<std::string> header;
  if (nl != std::string_view::npos) header = split(in.substr(nl + 1), '\t');

  for (const auto& h : header) {
    const std::string folded = fold_header(h);
    for (char c : folded)
      check((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
    check(fold_header(folded) == folded);
  }
  const ColumnMapping detected = detect_columns(header);
  check(detected.by_index.size() == header.size());
  check(detected.preset == "galette" || detected.preset == "paheko" ||
        detected.preset == "helloasso" || detected.preset == "generic");
  for (const auto& c : detected.by_index) {
    if (c) check(column_from_string(to_string(*c)) == c);
  }

  auto choices = parse_column_choices(choices_text);
  if (!choices) {
    check_field_errors(choices.error());
    for (const auto& f : choices.error().fields)
      check(f.field == "columns");
    return;
  }
  static const std::vector<FieldDefinition> definitions = sample_definitions();
  auto mapping = map_import_columns(header, definitions, choices.value());
  if (!mapping) {
    check_field_errors(mapping.error());
    for (const auto& f : mapping.error().fields)
      check(f.field == "columns");
    return;
  }
  check(mapping->by_index.size() == header.size());
  for (const auto& column : mapping->by_index) {
    if (column.custom) check(*column.custom < definitions.size());
    auto name = field_name(column, definitions);
    check(name.has_value() == column.mapped());
  }
}

void fuzz_webhook_target(std::string_view in) {
  std::string reason;
  auto target = parse_webhook_url(in, reason);
  if (target) {
    check(target->scheme == "http" || target->scheme == "https");
    check(!target->host.empty());
    for (char c : target->host)
      check(!(c >= 'A' && c <= 'Z'));
    check(target->port >= 1 && target->port <= 65535);
    check(!target->path_and_query.empty() && target->path_and_query.front() == '/');
  } else {
    check(!reason.empty());
  }
  (void)is_non_public_address(in);
  // The event list of a subscription: comma-separated types.
  auto errors = validate_webhook_event_types(split(in, ','), "events");
  for (const auto& e : errors)
    check(e.field.rfind("events", 0) == 0);
  for (const auto& type : split(in, ','))
    (void)is_webhook_event_type(type);
  // Public link tokens: 64 lower-case hex digits, nothing else.
  if (is_well_formed_token(in)) check(in.size() == 2 * kTokenBytes);
}

void fuzz_retention(std::string_view in) {
  for (const auto& word : split(in, ',')) {
    if (auto s = retention_subject_from_string(word)) check(to_string(*s) == word);
    if (auto t = retention_trigger_from_string(word)) check(to_string(*t) == word);
    if (auto a = retention_action_from_string(word)) check(to_string(*a) == word);
    if (auto u = delay_unit_from_string(word)) check(to_string(*u) == word);
  }
  // Calendar arithmetic on a date and a delay taken from the input.
  if (in.size() < 6) return;
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(in[i]); };
  const auto year = std::chrono::year(1900 + (byte(0) | (byte(1) << 8)) % 301);
  const auto month = std::chrono::month(1 + byte(2) % 12);
  const auto last =
      std::chrono::year_month_day_last(year, std::chrono::month_day_last(month)).day();
  const Date d{year, month, std::chrono::day(1 + byte(3) % static_cast<unsigned>(last))};
  Delay delay;
  delay.unit = static_cast<DelayUnit>(byte(4) % 3);
  const std::int64_t max = delay.unit == DelayUnit::days     ? kMaxDelayDays
                           : delay.unit == DelayUnit::months ? kMaxDelayMonths
                                                             : kMaxDelayYears;
  delay.amount = (byte(5) | (in.size() > 6 ? byte(6) << 8 : 0)) % (max + 1);
  const Date due = add_delay(d, delay);
  check(due.ok());
  check(std::chrono::sys_days(due) >= std::chrono::sys_days(d));
  const Date trigger = latest_due_trigger(d, delay);
  check(trigger.ok());
  check(std::chrono::sys_days(add_delay(trigger, delay)) <= std::chrono::sys_days(d));
  const Date next{std::chrono::sys_days(trigger) + std::chrono::days(1)};
  check(std::chrono::sys_days(add_delay(next, delay)) > std::chrono::sys_days(d));

  RetentionRule rule;
  rule.subject = static_cast<RetentionSubject>(byte(0) % 8);
  rule.trigger = static_cast<RetentionTrigger>(byte(1) % 6);
  rule.action = static_cast<RetentionAction>(byte(2) % 3);
  rule.delay = delay;
  rule.description = std::string(in.substr(6));
  for (const auto& e : validate_rule(rule))
    check(!e.field.empty());
}

void fuzz_config(std::string_view in) {
  // Lines before the first empty line: the environment (NAME=value); after: one argument a line.
  Environment env;
  std::vector<std::string> args;
  bool in_env = true;
  for (const auto& line : split(in, '\n')) {
    if (in_env && line.empty()) {
      in_env = false;
      continue;
    }
    if (in_env) {
      const auto eq = line.find('=');
      env[line.substr(0, eq)] = eq == std::string::npos ? "" : line.substr(eq + 1);
    } else {
      args.push_back(line);
    }
  }
  auto command = parse_command_line(env, args);
  if (!command) {
    // Every problem is named after its variable or argument (an empty argument names itself).
    check(command.error().kind == ErrorKind::invalid);
    check(!command.error().fields.empty());
    for (const auto& f : command.error().fields)
      check(!f.message.empty());
    return;
  }
  const Config& c = command->config;
  if (command->kind == CommandKind::serve) {
    check(c.port >= 0 && c.port <= 65535);
    check(c.threads >= 1);
    check(c.max_json_bytes > 0 && c.max_upload_bytes > 0);
    if (c.standalone) check(is_loopback_host(c.host));
  }
}

void fuzz_ocs(std::string_view in) {
  const int status = in.empty() ? 200 : 100 + static_cast<unsigned char>(in[0]) * 2;
  auto response = nextcloud::parse_ocs_envelope(status, in);
  if (response) check(response->http_status == status);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool ready = registre::crypto::initialize();
  if (!ready) std::abort();
  if (size == 0) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 14) {
    case 0:
      fuzz_utf8(in);
      break;
    case 1:
      fuzz_search(in);
      break;
    case 2:
      fuzz_contact(in);
      break;
    case 3:
      fuzz_date(in);
      break;
    case 4:
      fuzz_cursor(in);
      break;
    case 5:
      fuzz_member_json(in);
      break;
    case 6:
      fuzz_json_body(in);
      break;
    case 7:
      fuzz_query(in);
      break;
    case 8:
      fuzz_custom_fields(in);
      break;
    case 9:
      fuzz_import_columns(in);
      break;
    case 10:
      fuzz_webhook_target(in);
      break;
    case 11:
      fuzz_retention(in);
      break;
    case 12:
      fuzz_config(in);
      break;
    case 13:
      fuzz_ocs(in);
      break;
  }
  return 0;
}
