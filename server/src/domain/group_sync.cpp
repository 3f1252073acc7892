#include "domain/group_sync.hpp"

#include <algorithm>
#include <iterator>

#include "domain/utf8.hpp"

namespace registre::domain {
namespace {

void sort_unique(std::vector<std::string>& ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
}

// Nextcloud group ids: letters, digits and the characters Nextcloud itself accepts in a gid
// created from its UI ("_.@- '"), at most 64 bytes (the column of oc_groups).
bool valid_group_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  if (id.front() == ' ' || id.back() == ' ') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    const auto ch = static_cast<unsigned char>(c);
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '.' || ch == '@' || ch == '-' || ch == ' ' || ch == '\'';
  });
}

bool valid_field_key(const std::string& key) {
  if (key.empty() || key.size() > 64 || key.front() < 'a' || key.front() > 'z') return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

std::optional<GroupKind> group_kind_from_string(std::string_view text) {
  if (text == "active_members") return GroupKind::active_members;
  if (text == "board") return GroupKind::board;
  if (text == "role") return GroupKind::role;
  return std::nullopt;
}

const char* to_string(GroupKind kind) {
  switch (kind) {
    case GroupKind::active_members:
      return "active_members";
    case GroupKind::board:
      return "board";
    case GroupKind::role:
      return "role";
  }
  return "active_members";
}

std::vector<FieldError> validate_managed_group(const ManagedGroup& group) {
  std::vector<FieldError> errors;
  if (!valid_group_id(group.group_id)) {
    errors.push_back({"groupId", "group-sync-group-id"});
  } else if (group.group_id == "admin") {
    // Nextcloud's administrators: a sync that removed one could lock the instance's owners out.
    errors.push_back({"groupId", "group-sync-admin-group"});
  }
  if (!group.display_name.empty() && !utf8_length_within(group.display_name, 1, 200)) {
    errors.push_back({"displayName", "1-to-200-characters"});
  }
  if (group.kind == GroupKind::role) {
    if (group.role != "manager" && group.role != "treasurer" && group.role != "viewer") {
      errors.push_back({"role", "group-sync-role"});
    }
  } else if (!group.role.empty()) {
    errors.push_back({"role", "group-sync-role-only-for-role"});
  }
  if (group.kind == GroupKind::board) {
    if (!valid_field_key(group.field_key)) errors.push_back({"fieldKey", "group-sync-field-key"});
  } else if (!group.field_key.empty()) {
    errors.push_back({"fieldKey", "group-sync-field-only-for-board"});
  }
  return errors;
}

GroupDiff diff_group(std::vector<std::string> wanted, std::vector<std::string> current) {
  sort_unique(wanted);
  sort_unique(current);
  GroupDiff diff;
  std::set_difference(wanted.begin(), wanted.end(), current.begin(), current.end(),
                      std::back_inserter(diff.to_add));
  std::set_difference(current.begin(), current.end(), wanted.begin(), wanted.end(),
                      std::back_inserter(diff.to_remove));
  return diff;
}

std::string wanted_fingerprint_input(std::vector<std::string> wanted) {
  sort_unique(wanted);
  std::string out = "registre-group-sync-v1\n";
  for (const auto& id : wanted)
    out += std::to_string(id.size()) + ":" + id + "\n";
  return out;
}

}  // namespace registre::domain
