#pragma once
// Route tables, one function per area. Each adds its routes through the Router, which applies
// authentication and the policy.

#include <functional>
#include <string>
#include <vector>

#include "http/guess_limiter.hpp"
#include "http/router.hpp"
#include "http/static_assets.hpp"
#include "nextcloud/lifecycle.hpp"
#include "core/i18n.hpp"
#include "services/access_package_service.hpp"
#include "services/consent_service.hpp"
#include "services/dues_service.hpp"
#include "services/erasure_service.hpp"
#include "services/group_sync_service.hpp"
#include "services/forms_inbox_service.hpp"
#include "services/import_jobs.hpp"
#include "services/import_service.hpp"
#include "services/ledger_service.hpp"
#include "services/member_self_service.hpp"
#include "services/member_service.hpp"
#include "services/register_service.hpp"
#include "services/retention_service.hpp"
#include "services/organization_service.hpp"
#include "services/public_link_service.hpp"
#include "services/processing_register_service.hpp"
#include "services/purpose_service.hpp"
#include "services/role_service.hpp"
#include "services/subject_request_service.hpp"
#include "services/webhook_service.hpp"

namespace registre::http {

struct IdentityInfo {
  std::string mode;  // "nextcloud" or "standalone"
  std::string version;
};

// GET /heartbeat, POST /init, PUT /enabled. `lifecycle` is null in standalone mode.
void add_lifecycle_routes(Router& router, nextcloud::Lifecycle* lifecycle);

// GET /js/..., /css/..., /img/..., /l10n/...; and in standalone mode the page at /.
void add_static_routes(Router& router, const StaticAssets& assets, bool standalone);

// /api/v1/me, /api/v1/organizations, /admin/v1/organizations.
void add_api_routes(Router& router, services::OrganizationService& organizations,
                    IdentityInfo identity);

// Organisations' administration and role grants: /admin/v1/organizations..., and
// /api/v1/organizations/{id}/roles for managers.
void add_organization_routes(Router& router, services::OrganizationService& organizations,
                             services::RoleService& roles);

// The member register: /api/v1/organizations/{id}/members...
void add_member_routes(Router& router, services::MemberService& members);

// Dues: membership types, memberships, the treasurer's lists.
void add_dues_routes(Router& router, services::DuesService& dues);

// Nextcloud accounts a member can be linked to: /api/v1/organizations/{id}/nextcloud-users.
// `organization_exists`: not_found for an organisation that does not exist (the account picker
// reads no table of its own, so it asks).
void add_people_routes(Router& router, std::function<Status(std::int64_t)> organization_exists,
                       std::function<Result<std::vector<std::string>>()> user_ids);

// Exports and the audit log.
void add_register_routes(Router& router, services::RegisterService& registers);

// CSV import of members: POST /api/v1/organizations/{id}/imports?mode=preview|apply[&async=true],
// and GET /api/v1/organizations/{id}/imports/{importId} for the progress of a background one.
void add_import_routes(Router& router, services::ImportService& imports, services::ImportJobs& jobs);

// Purposes and their texts: /api/v1/purpose-presets, /api/v1/organizations/{id}/purposes...
void add_purpose_routes(Router& router, services::PurposeService& purposes);

// The register of processing activities (GDPR Art. 30), as JSON, HTML or Markdown:
// /api/v1/organizations/{id}/processing-register.
void add_processing_register_routes(Router& router,
                                    services::ProcessingRegisterService& registers);

// A member's consents: /api/v1/organizations/{id}/members/{member}/consents[/history].
void add_consent_routes(Router& router, services::ConsentService& consents);

// The consent ledger's integrity (administrators): /admin/v1/organizations/{id}/ledger/...
void add_ledger_routes(Router& router, services::LedgerService& ledger);

// Public links: managers' /api/v1/organizations/{id}/members/{member}/links..., and the holder's
// /public/v1/consents/{token} (guesses limited by `limiter`).
void add_public_link_routes(Router& router, services::PublicLinkService& links,
                            GuessLimiter& limiter);

// "My membership": /api/v1/me/memberships, /api/v1/organizations/{id}/me/consents.
void add_member_self_routes(Router& router, services::MemberSelfService& self);

// Erasure of a member (GDPR Art. 17): POST /api/v1/organizations/{id}/members/{id}/erasure.
void add_erasure_routes(Router& router, services::ErasureService& erasures);

// Data-subject requests (managers): /api/v1/organizations/{id}/requests...
void add_subject_request_routes(Router& router, services::SubjectRequestService& requests);

// Access packages (GDPR Art. 15, 20): a member's for managers,
// /api/v1/organizations/{id}/members/{member}/access-package, and one's own,
// /api/v1/organizations/{id}/me/access-package; JSON, or ?format=zip (JSON and CSV files).
void add_access_package_routes(Router& router, services::AccessPackageService& packages);

// The retention engine: /api/v1/organizations/{id}/retention/... (rules, defaults, settings,
// preview, approvals, runs, holds, reviews, notices), .../members/{id}/retention (why or why not)
// and .../members/{id}/holds.
void add_retention_routes(Router& router, services::RetentionService& retention);

// Outgoing webhooks (administrators): /admin/v1/organizations/{id}/webhooks/... subscriptions,
// secret rotation, the delivery log and redelivery.
void add_webhook_routes(Router& router, services::WebhookService& webhooks);
// Nextcloud group sync (administrators): managed groups, the dry run, runs and their reports:
// /admin/v1/organizations/{id}/group-sync/...
void add_group_sync_routes(Router& router, services::GroupSyncService& sync);
// Incoming Nextcloud webhooks (POST /webhooks/nextcloud), the organisations' Nextcloud Forms
// mappings (/api/v1/organizations/{id}/forms...) and the applications they give
// (/api/v1/organizations/{id}/applications...).
void add_inbox_routes(Router& router, services::FormsInboxService& inbox);

}  // namespace registre::http
