#include "auth/policy.hpp"

#include <cstdlib>

namespace registre::auth {

const std::vector<PolicyEntry>& policy_table() {
  using R = Role;
  static const std::vector<PolicyEntry> table = {
      {UseCase::heartbeat, "heartbeat", false, {R::nextcloud, R::user, R::admin}},
      {UseCase::lifecycle_init, "lifecycle.init", true, {R::nextcloud}},
      {UseCase::lifecycle_enabled, "lifecycle.enabled", true, {R::nextcloud}},
      // Static assets are public in info.xml: the embedded page and the public consent page load them.
      {UseCase::read_static_asset, "static.read", true, {R::nextcloud, R::user, R::admin}},
      {UseCase::open_standalone_shell, "standalone.shell", true, {R::user, R::admin}},
      {UseCase::view_own_identity, "identity.view_own", true, {R::user, R::admin}},
      {UseCase::list_organizations, "organizations.list", true, {R::user, R::admin}},
      {UseCase::list_all_organizations, "organizations.list_all", true, {R::admin}},
      {UseCase::create_organization, "organizations.create", true, {R::admin}},
      {UseCase::update_organization, "organizations.update", true, {R::admin}},
      {UseCase::list_role_grants, "roles.list", true, {R::admin, R::manager}, true},
      {UseCase::grant_role, "roles.grant", true, {R::admin}, true},
      {UseCase::revoke_role, "roles.revoke", true, {R::admin}, true},
      {UseCase::list_members, "members.list", true, {R::admin, R::manager, R::treasurer, R::viewer}, true},
      {UseCase::read_member, "members.read", true, {R::admin, R::manager, R::treasurer, R::viewer}, true},
      {UseCase::create_member, "members.create", true, {R::admin, R::manager}, true},
      {UseCase::update_member, "members.update", true, {R::admin, R::manager}, true},
      {UseCase::delete_member, "members.delete", true, {R::admin, R::manager}, true},
      {UseCase::erase_member, "members.erase", true, {R::admin, R::manager}, true},
      {UseCase::list_membership_types, "dues.types.list", true, {R::admin, R::manager, R::treasurer, R::viewer}, true},
      {UseCase::manage_membership_types, "dues.types.manage", true, {R::admin, R::manager}, true},
      {UseCase::list_memberships, "dues.memberships.list", true, {R::admin, R::manager, R::treasurer, R::viewer}, true},
      {UseCase::record_membership, "dues.memberships.record", true, {R::admin, R::manager, R::treasurer}, true},
      {UseCase::view_dues_reports, "dues.reports", true, {R::admin, R::manager, R::treasurer}, true},
      {UseCase::import_members, "members.import", true, {R::admin, R::manager}, true},
      // The service then shows an import only to the user who started it, or to an administrator.
      {UseCase::read_import_status, "members.import.status", true, {R::admin, R::manager}, true},
      {UseCase::export_members, "members.export", true, {R::admin, R::manager, R::treasurer}, true},
      {UseCase::read_audit_log, "audit.read", true, {R::admin, R::manager}, true},
      {UseCase::verify_audit_log, "audit.verify", true, {R::admin}},
      {UseCase::search_nextcloud_users, "nextcloud.users.search", true, {R::admin, R::manager}, true},
      {UseCase::list_custom_fields, "fields.list", true, {R::admin, R::manager, R::treasurer, R::viewer}, true},
      {UseCase::manage_custom_fields, "fields.manage", true, {R::admin, R::manager}, true},
      {UseCase::list_purpose_presets, "purposes.presets", true, {R::user, R::admin}},
      {UseCase::list_purposes, "purposes.list", true, {R::admin, R::manager, R::treasurer, R::viewer}, true},
      {UseCase::manage_purposes, "purposes.manage", true, {R::admin, R::manager}, true},
      {UseCase::publish_purpose_text, "purposes.publish", true, {R::admin, R::manager}, true},
      {UseCase::list_consent_renewals, "consents.renewals", true, {R::admin, R::manager}, true},
      {UseCase::list_purpose_audience, "purposes.audience", true, {R::admin, R::manager}, true},
      {UseCase::read_consents, "consents.read", true, {R::admin, R::manager, R::treasurer, R::viewer}, true},
      {UseCase::record_consent, "consents.record", true, {R::admin, R::manager}, true},
      // The ledger's integrity is the instance's: checked and vouched for by administrators.
      {UseCase::verify_consent_ledger, "ledger.verify", true, {R::admin}, true},
      {UseCase::read_ledger_checkpoints, "ledger.checkpoints.read", true, {R::admin}, true},
      {UseCase::sign_ledger_checkpoint, "ledger.checkpoints.sign", true, {R::admin}, true},
      {UseCase::list_public_links, "links.list", true, {R::admin, R::manager}, true},
      {UseCase::create_public_link, "links.create", true, {R::admin, R::manager}, true},
      {UseCase::revoke_public_link, "links.revoke", true, {R::admin, R::manager}, true},
      // Reached through Nextcloud's PUBLIC route: the caller is anonymous (no user) or any user
      // (administrators too); the token in the path is what authorises, and the service checks
      // it. Without the admin role here, no group lookup slows the public page down.
      {UseCase::use_public_link, "links.use", true, {R::nextcloud, R::user}},
      {UseCase::list_own_memberships, "self.memberships", true, {R::user}},
      // Only the member themselves: not even a manager or an administrator acts "as me".
      {UseCase::read_own_consents, "self.consents.read", true, {R::member_self}, true},
      {UseCase::record_own_consent, "self.consents.record", true, {R::member_self}, true},
      {UseCase::list_subject_requests, "requests.list", true, {R::admin, R::manager}, true},
      {UseCase::manage_subject_requests, "requests.manage", true, {R::admin, R::manager}, true},
      // The same people as the purposes it is built from: it holds no member's data, and a board
      // member with read access should be able to print it when the CNIL asks (Art. 30(4)).
      {UseCase::read_processing_register, "processing_register.read", true, {R::admin, R::manager, R::treasurer, R::viewer}, true},
      // Everything kept on a member, notes and sensitive values included: not for treasurers
      // or viewers, who never see those.
      {UseCase::export_access_package, "members.access_package", true, {R::admin, R::manager},
       true},
      {UseCase::export_own_access_package, "self.access_package", true, {R::member_self}, true},
      // Rules are the administrator's (they decide what the organisation deletes); managers see
      // them, hold members, approve previews and run them.
      {UseCase::read_retention, "retention.read", true, {R::admin, R::manager}, true},
      {UseCase::manage_retention_rules, "retention.rules.manage", true, {R::admin}, true},
      {UseCase::manage_legal_holds, "retention.holds.manage", true, {R::admin, R::manager}, true},
      {UseCase::approve_retention, "retention.approve", true, {R::admin, R::manager}, true},
      {UseCase::run_retention, "retention.run", true, {R::admin, R::manager}, true},
      {UseCase::decide_retention_review, "retention.reviews.decide", true, {R::admin, R::manager}, true},
      // Webhooks send register data to other tools: only administrators choose where.
      {UseCase::read_webhooks, "webhooks.read", true, {R::admin}, true},
      {UseCase::manage_webhooks, "webhooks.manage", true, {R::admin}, true},
      {UseCase::redeliver_webhook, "webhooks.redeliver", true, {R::admin}, true},
      // Group sync acts in Nextcloud as an administrator: configured and run by administrators.
      {UseCase::read_group_sync, "group_sync.read", true, {R::admin}, true},
      {UseCase::manage_group_sync, "group_sync.manage", true, {R::admin}, true},
      {UseCase::preview_group_sync, "group_sync.preview", true, {R::admin}, true},
      {UseCase::run_group_sync, "group_sync.run", true, {R::admin}, true},
      // Nextcloud signs a delivery with the event's user (forms.jsonl seq 12: the submitter),
      // or none: any valid credential. Browsers never reach it: the handler refuses what came
      // through the proxy (x-origin-ip; info.xml lets administrators reach webhooks/).
      {UseCase::receive_nextcloud_webhook, "webhooks.receive", true, {R::nextcloud, R::user}},
      // Forms feed the register: the people who create members decide which forms do.
      {UseCase::list_form_mappings, "forms.mappings.list", true, {R::admin, R::manager}, true},
      {UseCase::manage_form_mappings, "forms.mappings.manage", true, {R::admin, R::manager}, true},
      {UseCase::list_applications, "applications.list", true, {R::admin, R::manager}, true},
      {UseCase::resolve_application, "applications.resolve", true, {R::admin, R::manager}, true},
  };
  return table;
}

std::optional<Role> organization_role_from_string(std::string_view name) {
  if (name == "manager") return Role::manager;
  if (name == "treasurer") return Role::treasurer;
  if (name == "viewer") return Role::viewer;
  if (name == "member_self") return Role::member_self;
  return std::nullopt;
}

const PolicyEntry& policy_for(UseCase use_case) {
  for (const auto& entry : policy_table()) {
    if (entry.use_case == use_case) return entry;
  }
  std::abort();  // a use case without a policy entry is a programming error caught by the tests
}

}  // namespace registre::auth
