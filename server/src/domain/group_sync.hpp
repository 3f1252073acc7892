#pragma once
// Nextcloud groups that mirror the register: what a managed group is, and the pure diff between
// the accounts it should hold and those it holds. No I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace registre::domain {

// What a managed group mirrors.
//  - active_members: members whose status is active, with a linked Nextcloud account, not
//    restricted (GDPR Art. 18); erased members have no row left, so they never count;
//  - board: the same members, whose yes/no custom field `field_key` is ticked (Registre has no
//    board of its own: the organisation says who sits on it with such a field);
//  - role: the Nextcloud accounts granted `role` directly (a grant to a Nextcloud group is not
//    expanded: that group already exists in Nextcloud).
enum class GroupKind { active_members, board, role };

std::optional<GroupKind> group_kind_from_string(std::string_view text);
const char* to_string(GroupKind kind);

struct ManagedGroup {
  std::int64_t id = 0;
  std::int64_t organization_id = 0;
  GroupKind kind = GroupKind::active_members;
  std::string role;          // kind role: manager, treasurer or viewer
  std::string field_key;     // kind board: the key of a boolean custom field
  std::string group_id;      // the Nextcloud group id, chosen by the administrator
  std::string display_name;  // given to Nextcloud when Registre creates the group ("" = none)
  std::string acting_user;   // the administrator the provisioning calls act as
  std::string created_at;
  std::optional<std::string> previewed_at;
  std::optional<std::string> confirmed_at;
  std::optional<std::string> confirmed_by;
  std::optional<std::string> synced_hash;
  std::optional<std::int64_t> synced_at;  // unix seconds
};

// Field errors of a new managed group (kind, role, fieldKey, groupId, displayName), before the
// store checks what needs the database (the custom field, a group id already managed).
std::vector<FieldError> validate_managed_group(const ManagedGroup& group);

// What a run changes in one group. Both lists are sorted and hold no duplicates.
struct GroupDiff {
  std::vector<std::string> to_add;     // wanted, not in the group
  std::vector<std::string> to_remove;  // in the group, not wanted
  bool empty() const { return to_add.empty() && to_remove.empty(); }
};

// The changes that make `current` equal `wanted`. Either list may be unsorted or hold duplicates.
GroupDiff diff_group(std::vector<std::string> wanted, std::vector<std::string> current);

// The text whose hash fingerprints a wanted set: the sorted, distinct ids, one per line.
std::string wanted_fingerprint_input(std::vector<std::string> wanted);

}  // namespace registre::domain
