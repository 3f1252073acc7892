#pragma once
// The access package as files: package.json (the document) and one CSV per part, written like
// the register export (UTF-8 with BOM, ';', formula-injection guard) with headers in the
// reader's language. Each CSV flattens one part of the JSON document, so the two cannot differ.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/zip_writer.hpp"

namespace registre::http {

// package.json, member.csv, custom_fields.csv, memberships.csv, consents.csv, requests.csv,
// access_log.csv, imports.csv, public_links.csv. `document` is access_package_json's.
std::vector<domain::ZipEntry> access_package_files(const nlohmann::json& document,
                                                   const std::string& language);

// "registre-access-<member number>-<yyyy-mm-dd>.<extension>": no name, e-mail or other
// personal data in a file name that ends up in download folders and browser histories.
std::string access_package_file_name(const nlohmann::json& document, const std::string& extension);

// The archive's time stamp: the document's generatedAt (UTC).
domain::ZipTime access_package_time(const nlohmann::json& document);

}  // namespace registre::http
