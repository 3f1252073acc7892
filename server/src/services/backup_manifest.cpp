#include "services/backup_manifest.hpp"

#include <nlohmann/json.hpp>
#include <regex>

namespace registre::services {
namespace {

Error not_a_manifest(const std::string& why) {
  return make_error(ErrorKind::invalid, "invalid-backup", "the backup's manifest " + why);
}

bool is_known_file(const std::string& path) {
  return path == kBackupDatabase || path == kBackupMemberKeys || path == kBackupKeyStore;
}

}  // namespace

std::string compact_time(const std::string& at) {
  std::string out;
  for (char c : at)
    if (c != '-' && c != ':' && c != '.') out += c;
  return out;
}

std::string manifest_json(const BackupManifest& m) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : m.files)
    files.push_back({{"path", f.path}, {"bytes", f.bytes}, {"blake2b256", f.blake2b256}});
  nlohmann::json j = {{"format", "registre-backup"},
                      {"formatVersion", m.format_version},
                      {"createdAt", m.created_at},
                      {"registreVersion", m.registre_version},
                      {"schemaVersion", m.schema_version},
                      {"erasureJournalPosition", m.erasure_journal_position},
                      {"files", files}};
  return j.dump(2) + "\n";
}

Result<BackupManifest> parse_manifest(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object() || j.value("format", "") != "registre-backup")
    return not_a_manifest("is not a Registre backup manifest");
  BackupManifest m;
  try {
    m.format_version = j.at("formatVersion").get<int>();
    if (m.format_version != 1)
      return not_a_manifest("has format version " + std::to_string(m.format_version) +
                            "; this Registre reads version 1");
    m.created_at = j.at("createdAt").get<std::string>();
    m.registre_version = j.value("registreVersion", "");
    m.schema_version = j.at("schemaVersion").get<int>();
    m.erasure_journal_position = j.at("erasureJournalPosition").get<std::int64_t>();
    static const std::regex hex64("^[0-9a-f]{64}$");
    for (const auto& f : j.at("files")) {
      BackupFile file;
      file.path = f.at("path").get<std::string>();
      file.bytes = f.at("bytes").get<std::uintmax_t>();
      file.blake2b256 = f.at("blake2b256").get<std::string>();
      if (!is_known_file(file.path)) return not_a_manifest("names an unknown file");
      if (!std::regex_match(file.blake2b256, hex64))
        return not_a_manifest("has a malformed checksum for " + file.path);
      for (const auto& other : m.files)
        if (other.path == file.path) return not_a_manifest("names " + file.path + " twice");
      m.files.push_back(std::move(file));
    }
  } catch (const nlohmann::json::exception&) {
    return not_a_manifest("is incomplete or malformed");
  }
  bool has_database = false;
  for (const auto& f : m.files)
    has_database = has_database || f.path == kBackupDatabase;
  if (!has_database) return not_a_manifest("names no database");
  if (m.schema_version < 1 || m.erasure_journal_position < 0)
    return not_a_manifest("is incomplete or malformed");
  return m;
}

}  // namespace registre::services
