#pragma once
// Wires the layers together for one process: storage, Nextcloud client, lifecycle, policy,
// services, HTTP. main.cpp and the API tests both start the service through this class.

#include <atomic>
#include <memory>

#include <httplib.h>

#include "auth/authorizer.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "crypto/key_store.hpp"
#include "crypto/member_key_store.hpp"
#include "http/authentication.hpp"
#include "http/guess_limiter.hpp"
#include "http/router.hpp"
#include "http/static_assets.hpp"
#include "jobs/job_runner.hpp"
#include "nextcloud/app_api_notifications.hpp"
#include "nextcloud/forms_client.hpp"
#include "nextcloud/lifecycle.hpp"
#include "nextcloud/nextcloud_users.hpp"
#include "nextcloud/ocs_client.hpp"
#include "nextcloud/provisioning.hpp"
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
#include "services/notification_service.hpp"
#include "services/organization_service.hpp"
#include "services/processing_register_service.hpp"
#include "services/public_link_service.hpp"
#include "services/purpose_service.hpp"
#include "services/register_service.hpp"
#include "services/retention_service.hpp"
#include "services/webhook_service.hpp"
#include "jobs/webhook_sender.hpp"
#include "services/role_service.hpp"
#include "services/subject_request_service.hpp"
#include "store/database.hpp"

namespace registre {

class Application {
 public:
  // Creates the storage directory, opens and migrates the database, loads the front end, and
  // registers the routes. Nothing listens yet. In standalone mode, seeds the demo organisation.
  static Result<std::unique_ptr<Application>> create(const Config& config, const Clock& clock);
  ~Application();

  // Binds the configured address; port 0 picks a free port. Returns the port.
  Result<int> bind();
  // Serves until stop(). REQUIRES: bind() succeeded.
  void run();
  // Stops accepting; requests in flight finish; the job runner stops. Safe from any thread.
  void stop();

  const http::Router& router() const { return *router_; }
  // The HTTP server with every route registered, for drivers that feed it requests in memory,
  // without binding a socket (tests/fuzz/fuzz_routes.cpp). Serving goes through bind() and run().
  httplib::Server& http_server() { return server_; }
  nextcloud::Lifecycle* lifecycle() { return lifecycle_.get(); }
  jobs::JobRunner& jobs() { return jobs_; }
  store::Database& database() { return *database_; }
  services::LedgerService& ledger() { return *ledger_; }
  services::RetentionService& retention() { return *retention_; }
  jobs::WebhookSender& webhook_sender() { return *webhook_sender_; }
  services::GroupSyncService& group_sync() { return *group_sync_; }
  // Null in standalone mode (no Nextcloud to notify through).
  services::NotificationService* notifications() { return notifications_.get(); }
  services::FormsInboxService& inbox() { return *inbox_; }

 private:
  explicit Application(Config config) : config_(std::move(config)) {}
  Status check_health();

  Config config_;
  std::unique_ptr<store::Database> database_;
  jobs::JobRunner jobs_;
  std::unique_ptr<nextcloud::OcsClient> ocs_;
  std::unique_ptr<auth::GroupDirectory> groups_;
  std::unique_ptr<nextcloud::NextcloudUsers> nextcloud_users_;
  std::unique_ptr<auth::OrganizationRoles> organization_roles_;
  std::unique_ptr<auth::Authorizer> authorizer_;
  std::unique_ptr<http::Authenticator> authenticator_;
  std::unique_ptr<services::OrganizationService> organizations_;
  std::unique_ptr<services::RoleService> roles_;
  std::unique_ptr<crypto::MemberKeyStore> member_keys_;
  std::unique_ptr<services::SensitiveValues> sensitive_;
  std::unique_ptr<services::MemberService> members_;
  std::unique_ptr<store::ErasureJournal> erasure_journal_;  // outlives the services that write it
  std::unique_ptr<services::ErasureService> erasures_;
  std::unique_ptr<services::DuesService> dues_;
  std::unique_ptr<services::ImportService> imports_;
  std::unique_ptr<services::ImportJobs> import_jobs_;  // background imports (on jobs_)
  std::unique_ptr<services::RegisterService> registers_;
  std::unique_ptr<crypto::KeyStore> keys_;
  std::unique_ptr<services::PurposeService> purposes_;
  std::unique_ptr<services::ConsentService> consents_;
  std::unique_ptr<services::LedgerService> ledger_;
  std::unique_ptr<services::PublicLinkService> public_links_;
  std::unique_ptr<services::MemberSelfService> member_self_;
  std::unique_ptr<http::GuessLimiter> guess_limiter_;
  std::unique_ptr<services::SubjectRequestService> subject_requests_;
  std::unique_ptr<services::ProcessingRegisterService> processing_register_;
  std::unique_ptr<services::AccessPackageService> access_packages_;
  std::unique_ptr<services::RetentionService> retention_;
  std::unique_ptr<services::WebhookService> webhooks_;
  std::unique_ptr<jobs::WebhookSender> webhook_sender_;  // its own thread: receivers may hang
  std::unique_ptr<nextcloud::Provisioning> provisioning_;  // null in standalone mode
  std::unique_ptr<services::GroupSyncService> group_sync_;
  std::unique_ptr<nextcloud::FormsClient> forms_client_;  // null in standalone mode
  std::unique_ptr<services::FormsInboxService> inbox_;
  std::unique_ptr<nextcloud::Lifecycle> lifecycle_;
  std::unique_ptr<nextcloud::AppApiNotifications> notification_channel_;  // Nextcloud mode only
  std::unique_ptr<services::NotificationService> notifications_;          // Nextcloud mode only
  http::StaticAssets assets_;
  httplib::Server server_;
  std::unique_ptr<http::Router> router_;
  // httplib ignores stop() until listen has begun: these two close that window (see stop()).
  std::atomic<bool> serving_{false};
  std::atomic<bool> stop_requested_{false};
};

}  // namespace registre
