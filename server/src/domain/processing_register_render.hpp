#pragma once
// The register of processing activities as a printable document: Markdown, or one self-contained
// HTML page with print styles (no script, no external resource). Every text that comes from the
// organisation (titles, descriptions, categories, ...) is escaped for the target format.

#include <string>
#include <string_view>

#include "domain/processing_register.hpp"

namespace registre::domain {

std::string render_processing_register_markdown(const ProcessingRegister& document);
std::string render_processing_register_html(const ProcessingRegister& document);

// & < > " ' as character references: safe in element content and in quoted attribute values.
std::string html_escaped(std::string_view text);

// Text that reads as itself in CommonMark and GitHub Markdown, inline: line breaks become spaces,
// markup characters (\ ` * _ [ ] < > & | ~ #) are backslash-escaped, and so is what would open a
// list or a quote at the start of a line.
std::string markdown_escaped(std::string_view text);

}  // namespace registre::domain
