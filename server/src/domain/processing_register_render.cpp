#include "domain/processing_register_render.hpp"

#include <cctype>

#include "core/i18n.hpp"

namespace registre::domain {
namespace {

// One line of a sheet: a column of the CNIL template and its values (unescaped). One value is
// printed inline, several as a list.
struct Row {
  std::string label;
  std::vector<std::string> values;
};

struct Section {
  std::string heading;
  const std::vector<ProcessingActivity>* sheets;
};

std::string text(const ProcessingRegister& d, std::string_view id) {
  return i18n::translate(d.language, id);
}

// "2026-03-01T09:30:00Z" -> "01/03/2026" in French, "2026-03-01" in English.
std::string date_of(std::string_view timestamp, std::string_view language) {
  if (timestamp.size() < 10) return std::string(timestamp);
  const std::string_view day = timestamp.substr(0, 10);
  if (language != "fr") return std::string(day);
  return std::string(day.substr(8, 2)) + "/" + std::string(day.substr(5, 2)) + "/" +
         std::string(day.substr(0, 4));
}

// French sets a space before a colon.
std::string colon(const ProcessingRegister& d) {
  return d.language == "fr" ? " :" : ":";
}

std::string data_protection_contact(const ProcessingRegister& d) {
  return d.data_protection_contact ? *d.data_protection_contact
                                   : text(d, "register-not-designated");
}

std::vector<std::string> or_else(const std::vector<std::string>& values, std::string fallback) {
  if (values.empty()) return {std::move(fallback)};
  return values;
}

std::vector<Row> rows_of(const ProcessingRegister& d, const ProcessingActivity& a) {
  const std::string controller =
      d.organization_name + " (" + legal_form_label(d.legal_form, d.language) + ")";
  const std::string dpo = text(d, "register-dpo") + colon(d) + " " + data_protection_contact(d);
  return {
      {text(d, "register-name"), {a.name}},
      {text(d, "register-reference"), {a.key}},
      {text(d, "register-created"), {date_of(a.created_at, d.language)}},
      {text(d, "register-updated"), {date_of(a.updated_at, d.language)}},
      {text(d, "register-controller-contact"), {controller, dpo}},
      {text(d, "register-purpose"), {a.purpose}},
      {text(d, "register-data-subjects"), a.data_subjects},
      {text(d, "register-data-categories"),
       or_else(a.data_categories, text(d, "register-not-stated"))},
      {text(d, "register-legal-basis"), {legal_basis_label(a.legal_basis, d.language)}},
      {text(d, "register-recipients"), or_else(a.recipients, text(d, "register-not-stated"))},
      {text(d, "register-transfers"), or_else(a.transfers_outside_eu, text(d, "register-none"))},
      {text(d, "register-retention"), or_else(a.retention, text(d, "register-not-stated"))},
      {text(d, "register-security"), a.security_measures},
  };
}

std::vector<Row> heading_rows(const ProcessingRegister& d) {
  return {{text(d, "register-controller"), {d.organization_name}},
          {text(d, "register-legal-form"), {legal_form_label(d.legal_form, d.language)}},
          {text(d, "register-dpo"), {data_protection_contact(d)}},
          {text(d, "register-generated-on"), {date_of(d.generated_at, d.language)}}};
}

std::vector<Section> sections_of(const ProcessingRegister& d) {
  std::vector<Section> out = {{text(d, "register-activities"), &d.activities}};
  if (!d.retired_activities.empty())
    out.push_back({text(d, "register-retired-activities"), &d.retired_activities});
  return out;
}

// --- Markdown -----------------------------------------------------------------------------------

void markdown_rows(std::string& out, const ProcessingRegister& d, const std::vector<Row>& rows) {
  for (const auto& row : rows) {
    out += "- **" + markdown_escaped(row.label + colon(d)) + "**";
    if (row.values.size() == 1) {
      out += " " + markdown_escaped(row.values.front()) + "\n";
      continue;
    }
    out += "\n";
    for (const auto& value : row.values)
      out += "  - " + markdown_escaped(value) + "\n";
  }
}

// --- HTML ---------------------------------------------------------------------------------------

constexpr std::string_view kStyle =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:11pt;"
    "line-height:1.4;color:#111;max-width:60rem;margin:2rem auto;padding:0 1rem}"
    "h1{font-size:1.6em;margin-bottom:.2em}"
    "h2{font-size:1.3em;margin-top:1.6em;border-bottom:1px solid #888}"
    "h3{font-size:1.1em;margin:1.2em 0 .4em}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top}"
    "th{width:32%;background:#f0f0f0;font-weight:600}"
    "td{white-space:pre-line}"
    "ul{margin:0;padding-left:1.2em}"
    ".note{font-size:.9em;color:#444;margin-top:2em}"
    "@page{size:A4;margin:15mm}"
    "@media print{body{margin:0;max-width:none;font-size:10pt}"
    "section{break-inside:avoid;page-break-inside:avoid}"
    "h2,h3{break-after:avoid;page-break-after:avoid}"
    "th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

void html_table(std::string& out, const std::vector<Row>& rows) {
  out += "<table>\n";
  for (const auto& row : rows) {
    out += "<tr><th scope=\"row\">" + html_escaped(row.label) + "</th><td>";
    if (row.values.size() == 1) {
      out += html_escaped(row.values.front());
    } else {
      out += "<ul>";
      for (const auto& value : row.values)
        out += "<li>" + html_escaped(value) + "</li>";
      out += "</ul>";
    }
    out += "</td></tr>\n";
  }
  out += "</table>\n";
}

}  // namespace

std::string html_escaped(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (char c : in) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string markdown_escaped(std::string_view in) {
  static constexpr std::string_view kMarkup = "\\`*_[]<>&|~#";
  std::string out;
  out.reserve(in.size());
  for (char c : in) {
    if (c == '\r' || c == '\n') {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    if (kMarkup.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  // A value is printed after "- " or "**Label:** ": at the start of a list item, "-", "+", ">",
  // "1." or "1)" would open a nested block.
  if (!out.empty() && (out[0] == '-' || out[0] == '+' || out[0] == '>')) return "\\" + out;
  std::size_t digits = 0;
  while (digits < out.size() && std::isdigit(static_cast<unsigned char>(out[digits])))
    ++digits;
  if (digits > 0 && digits < out.size() && (out[digits] == '.' || out[digits] == ')'))
    out.insert(digits, "\\");
  return out;
}

std::string render_processing_register_markdown(const ProcessingRegister& d) {
  std::string out = "# " + markdown_escaped(text(d, "register-title")) + "\n\n";
  out += markdown_escaped(text(d, "register-subtitle")) + "\n\n";
  markdown_rows(out, d, heading_rows(d));
  for (const auto& section : sections_of(d)) {
    out += "\n## " + markdown_escaped(section.heading) + "\n";
    if (section.sheets->empty())
      out += "\n" + markdown_escaped(text(d, "register-no-activities")) + "\n";
    int number = 0;
    for (const auto& sheet : *section.sheets) {
      out += "\n### " + std::to_string(++number) + ". " + markdown_escaped(sheet.name) + "\n\n";
      markdown_rows(out, d, rows_of(d, sheet));
    }
  }
  out += "\n_" + markdown_escaped(text(d, "register-review-note")) + "_\n";
  return out;
}

std::string render_processing_register_html(const ProcessingRegister& d) {
  const std::string title = html_escaped(text(d, "register-title"));
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + html_escaped(d.language) + "\">\n<head>\n";
  out += "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n";
  out += "<title>" + title + " – " + html_escaped(d.organization_name) + "</title>\n";
  out += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
  out += "<header>\n<h1>" + title + "</h1>\n<p>" + html_escaped(text(d, "register-subtitle")) +
         "</p>\n";
  html_table(out, heading_rows(d));
  out += "</header>\n";
  for (const auto& section : sections_of(d)) {
    out += "<h2>" + html_escaped(section.heading) + "</h2>\n";
    if (section.sheets->empty())
      out += "<p>" + html_escaped(text(d, "register-no-activities")) + "</p>\n";
    int number = 0;
    for (const auto& sheet : *section.sheets) {
      out += "<section>\n<h3>" + std::to_string(++number) + ". " + html_escaped(sheet.name) +
             "</h3>\n";
      html_table(out, rows_of(d, sheet));
      out += "</section>\n";
    }
  }
  out += "<p class=\"note\">" + html_escaped(text(d, "register-review-note")) + "</p>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace registre::domain
