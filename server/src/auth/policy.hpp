#pragma once
// The one authorisation policy: which roles may perform which use case. Every route names its
// use case when it is registered (http/router.hpp) and every service consults the same table,
// so there is exactly one place to read and review who may do what.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

namespace registre::auth {

enum class Role : std::uint32_t {
  nextcloud = 1u << 0,  // a valid credential with no user: Nextcloud itself, or an anonymous visitor
  user = 1u << 1,       // any authenticated Nextcloud user
  admin = 1u << 2,      // a Nextcloud administrator (re-checked server-side)
  // Roles inside the organisation named by the request (role grants to the user or its groups).
  manager = 1u << 3,    // runs the register: members, dues, consents, requests
  treasurer = 1u << 4,  // dues and payments; reads members
  viewer = 1u << 5,     // reads members
  // The organisation's member whose record names this Nextcloud user (members.nextcloud_user):
  // sees and changes only their own consents.
  member_self = 1u << 6,
};

class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= static_cast<std::uint32_t>(r);
  }
  constexpr bool has(Role r) const { return (bits_ & static_cast<std::uint32_t>(r)) != 0; }
  constexpr void add(Role r) { bits_ |= static_cast<std::uint32_t>(r); }
  constexpr bool intersects(RoleSet other) const { return (bits_ & other.bits_) != 0; }
  constexpr bool empty() const { return bits_ == 0; }

 private:
  std::uint32_t bits_ = 0;
};

enum class UseCase {
  heartbeat,              // AppAPI liveness probe: the only use case without a credential
  lifecycle_init,         // POST /init
  lifecycle_enabled,      // PUT /enabled
  read_static_asset,      // js/, css/, img/, l10n/
  open_standalone_shell,  // the page at / in standalone mode
  view_own_identity,      // GET /api/v1/me
  list_organizations,     // GET /api/v1/organizations (filtered by what the actor may see)
  list_all_organizations, // GET /admin/v1/organizations
  create_organization,    // POST /admin/v1/organizations
  update_organization,    // PUT /admin/v1/organizations/{id} (rename, archive)
  list_role_grants,       // who holds which role in an organisation
  grant_role,             // POST /admin/v1/organizations/{id}/roles
  revoke_role,            // DELETE /admin/v1/organizations/{id}/roles/{grant}
  list_members,           // list and search the register
  read_member,            // one member record (audited)
  create_member,
  update_member,
  delete_member,          // only members without history; others leave or are erased
  erase_member,           // GDPR Art. 17: delete the person's data, keep anonymous accounting lines
  list_membership_types,
  manage_membership_types,
  list_memberships,       // a member's dues history
  record_membership,      // record a membership and its payment
  view_dues_reports,      // renewals due, lapsed members, totals per season
  import_members,         // CSV import: preview and apply (also started in the background)
  read_import_status,     // progress and report of a background import (its starter or an admin)
  export_members,         // CSV / JSON export of a filtered list (audited)
  read_audit_log,         // an organisation's audit entries
  verify_audit_log,       // recompute the whole chain
  search_nextcloud_users, // pick the Nextcloud account of a member
  list_custom_fields,
  manage_custom_fields,
  list_purpose_presets,   // the typical purposes an association can adopt (fr, en)
  list_purposes,          // an organisation's purposes and their texts
  manage_purposes,        // create, adopt a preset, change, retire
  publish_purpose_text,   // a new version of a purpose's text
  list_consent_renewals,  // members to ask again after a new text
  list_purpose_audience,  // who may be processed for a purpose today (mailing lists)
  read_consents,          // a member's current consents and history (audited)
  record_consent,         // given, withdrawn, refused: appended to the ledger
  verify_consent_ledger,  // recompute an organisation's chain and checkpoints
  read_ledger_checkpoints,  // export the signed checkpoints and the public key
  sign_ledger_checkpoint,   // sign the ledger's head now
  list_public_links,        // a member's public links (never their tokens)
  create_public_link,       // a new link for a member: the token is shown once
  revoke_public_link,
  use_public_link,          // /public/...: anyone holding a valid token (checked by the service)
  list_own_memberships,     // the organisations where the user is a member
  read_own_consents,        // "my membership": the member's own choices
  record_own_consent,       // "my membership": give or withdraw, as the member
  list_subject_requests,    // data-subject requests (GDPR Art. 15-22): lists and cases
  manage_subject_requests,  // open, extend, close or refuse a request
  read_processing_register, // the register of processing activities (GDPR Art. 30)
  export_access_package,    // everything kept on one member (Art. 15, 20), notes included
  export_own_access_package,  // "my membership": the member's own package
  read_retention,           // retention rules, defaults, previews, runs, reviews, notices, holds
  manage_retention_rules,   // create and change rules, adopt or refuse defaults, settings
  manage_legal_holds,       // place and release a member's legal hold
  approve_retention,        // approve a preview: erase and anonymise rules then act on it
  run_retention,            // run the retention rules now
  decide_retention_review,  // keep (with a hold) or erase a member a review rule flagged
  read_webhooks,            // outgoing webhook subscriptions and their delivery log
  manage_webhooks,          // create, change, delete a subscription; rotate its secret
  redeliver_webhook,        // send a delivery again (same webhook-id)
  read_group_sync,          // the Nextcloud groups Registre manages, and the reports of runs
  manage_group_sync,        // add, confirm (after a dry run) or stop managing a Nextcloud group
  preview_group_sync,       // the dry run: what a sync would change, per group
  run_group_sync,           // sync the managed groups now
  receive_nextcloud_webhook,  // POST /webhooks/nextcloud: a delivery signed by Nextcloud
  list_form_mappings,       // an organisation's Nextcloud Forms forms taken as applications
  manage_form_mappings,     // map a form, change or delete its mapping
  list_applications,        // membership applications from forms, and what became of them
  resolve_application,      // dismiss an application waiting for review
};

// The last UseCase value: tests walk 0..kLastUseCase.
inline constexpr UseCase kLastUseCase = UseCase::resolve_application;

struct PolicyEntry {
  UseCase use_case;
  std::string_view name;  // stable name, used in logs and in docs/security.md's matrix
  bool needs_credential;  // false only for the heartbeat
  RoleSet allowed;
  bool organization_scoped = false;  // the request names an organisation; its roles count
};

// "manager" -> Role::manager ...; nullopt for anything else.
std::optional<Role> organization_role_from_string(std::string_view name);

const std::vector<PolicyEntry>& policy_table();

// REQUIRES: use_case is in the table (a test checks every UseCase value is).
const PolicyEntry& policy_for(UseCase use_case);

}  // namespace registre::auth
