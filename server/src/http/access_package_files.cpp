#include "http/access_package_files.hpp"

#include "core/i18n.hpp"
#include "domain/csv_writer.hpp"

namespace registre::http {
namespace {

// A CSV column: where its value is in each item of the part (a JSON pointer) and its header's
// message id in core/i18n.cpp.
struct Column {
  const char* pointer;
  const char* header;
};

struct CsvPart {
  const char* file;
  const char* part;  // "member" is one object; the others are arrays
  std::vector<Column> columns;
};

const std::vector<CsvPart>& csv_parts() {
  static const std::vector<CsvPart> parts = {
      {"member.csv",
       "member",
       {{"/number", "package.number"},
        {"/lastName", "package.last-name"},
        {"/firstName", "package.first-name"},
        {"/email", "package.email"},
        {"/phone", "package.phone"},
        {"/address", "package.address"},
        {"/postcode", "package.postcode"},
        {"/city", "package.city"},
        {"/country", "package.country"},
        {"/birthDate", "package.birth-date"},
        {"/nextcloudUser", "package.nextcloud-user"},
        {"/notes", "package.notes"},
        {"/household/number", "package.household"},
        {"/admittedOn", "package.admitted-on"},
        {"/leftOn", "package.left-on"},
        {"/status", "package.status"},
        {"/restricted", "package.restricted"},
        {"/createdAt", "package.created-at"},
        {"/updatedAt", "package.updated-at"}}},
      {"custom_fields.csv",
       "customFields",
       {{"/label", "package.label"},
        {"/key", "package.key"},
        {"/type", "package.type"},
        {"/classification", "package.classification"},
        {"/value", "package.value"}}},
      {"memberships.csv",
       "memberships",
       {{"/type/name", "package.membership-type"},
        {"/startsOn", "package.starts-on"},
        {"/endsOn", "package.ends-on"},
        {"/amountCents", "package.amount-cents"},
        {"/currency", "package.currency"},
        {"/paidOn", "package.paid-on"},
        {"/paymentMethod", "package.payment-method"},
        {"/reference", "package.reference"},
        {"/recordedAt", "package.recorded-at"},
        {"/recordedBy", "package.recorded-by"}}},
      {"consents.csv",
       "consents",
       {{"/at", "package.at"},
        {"/purpose/title", "package.purpose"},
        {"/purpose/key", "package.purpose-key"},
        {"/purpose/legalBasis", "package.legal-basis"},
        {"/version/number", "package.version"},
        {"/decision", "package.decision"},
        {"/channel", "package.channel"},
        {"/recordedBy", "package.recorded-by"},
        {"/evidence", "package.evidence"},
        {"/version/textFr", "package.text-fr"},
        {"/version/textEn", "package.text-en"},
        {"/version/textHash", "package.text-hash"},
        {"/hash", "package.event-hash"}}},
      {"requests.csv",
       "requests",
       {{"/kind", "package.kind"},
        {"/receivedOn", "package.received-on"},
        {"/dueOn", "package.due-on"},
        {"/status", "package.status"},
        {"/handler", "package.handler"},
        {"/extensionMonths", "package.extension-months"},
        {"/extensionReason", "package.extension-reason"},
        {"/closedOn", "package.closed-on"},
        {"/closureProof", "package.closure-proof"}}},
      {"access_log.csv",
       "accessLog",
       {{"/at", "package.at"},
        {"/actor", "package.actor"},
        {"/action", "package.action"},
        {"/fields", "package.fields"}}},
      {"imports.csv",
       "imports",
       {{"/fileName", "package.file-name"},
        {"/line", "package.line"},
        {"/outcome", "package.outcome"},
        {"/importedAt", "package.imported-at"},
        {"/importedBy", "package.imported-by"},
        {"/fileHash", "package.file-hash"}}},
      {"public_links.csv",
       "publicLinks",
       {{"/createdAt", "package.created-at"},
        {"/createdBy", "package.created-by"},
        {"/expiresAt", "package.expires-at"},
        {"/revokedAt", "package.revoked-at"},
        {"/revokedBy", "package.revoked-by"}}},
  };
  return parts;
}

// A value as a spreadsheet cell: texts as they are, lists of texts joined as the register
// export joins multiple choices, null and absent as an empty cell.
std::string cell(const nlohmann::json& item, const char* pointer) {
  const nlohmann::json::json_pointer at(pointer);
  if (!item.contains(at)) return "";
  const auto& v = item.at(at);
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string joined;
    for (const auto& one : v)
      joined +=
          (joined.empty() ? "" : ", ") + (one.is_string() ? one.get<std::string>() : one.dump());
    return joined;
  }
  return v.dump();
}

std::string csv_of(const CsvPart& part, const nlohmann::json& document,
                   const std::string& language) {
  std::vector<std::string> header;
  for (const auto& c : part.columns)
    header.push_back(i18n::translate(language, c.header));
  const auto& items = document.at(part.part);
  std::vector<std::vector<std::string>> rows;
  for (const auto& item : items.is_array() ? items : nlohmann::json::array({items})) {
    std::vector<std::string> row;
    for (const auto& c : part.columns)
      row.push_back(cell(item, c.pointer));
    rows.push_back(std::move(row));
  }
  domain::CsvWriteOptions options;
  options.separator = ';';  // French Excel, as the register export
  options.bom = true;       // Excel reads UTF-8 only with it
  return domain::csv_document(header, rows, options);
}

}  // namespace

std::vector<domain::ZipEntry> access_package_files(const nlohmann::json& document,
                                                   const std::string& language) {
  std::vector<domain::ZipEntry> files;
  files.push_back({"package.json", document.dump(2)});
  for (const auto& part : csv_parts())
    files.push_back({part.file, csv_of(part, document, language)});
  return files;
}

std::string access_package_file_name(const nlohmann::json& document, const std::string& extension) {
  const std::string date = document.at("generatedAt").get<std::string>().substr(0, 10);
  return "registre-access-" +
         std::to_string(document.at("member").at("number").get<std::int64_t>()) + "-" + date + "." +
         extension;
}

domain::ZipTime access_package_time(const nlohmann::json& document) {
  const std::string at = document.at("generatedAt").get<std::string>();  // yyyy-mm-ddThh:mm:ss...
  auto number = [&](std::size_t from, std::size_t length) {
    return std::stoi(at.substr(from, length));
  };
  if (at.size() < 19) return {};
  return {number(0, 4), number(5, 2), number(8, 2), number(11, 2), number(14, 2), number(17, 2)};
}

}  // namespace registre::http
