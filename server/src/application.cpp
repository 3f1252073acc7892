#include "application.hpp"

#include <filesystem>
#include <fstream>
#include <thread>

#include "core/log.hpp"
#include "http/http_server.hpp"
#include "http/routes.hpp"
#include "nextcloud/nextcloud_group_directory.hpp"
#include "services/organization_roles.hpp"

namespace registre {

namespace fs = std::filesystem;

Result<std::unique_ptr<Application>> Application::create(const Config& config, const Clock& clock) {
  std::unique_ptr<Application> app(new Application(config));

  std::error_code ec;
  fs::create_directories(config.storage_dir, ec);
  if (ec || !fs::is_directory(config.storage_dir)) {
    return make_error(ErrorKind::unavailable, "unavailable",
                      "cannot create the storage directory " + config.storage_dir + ": " + ec.message());
  }
  // The database holds personal data: only the service's own user may read the directory.
  fs::permissions(config.storage_dir, fs::perms::owner_all, fs::perm_options::replace, ec);

  store::DatabaseOptions db_options;
  db_options.path = (fs::path(config.storage_dir) / "registre.sqlite3").string();
  db_options.max_connections = static_cast<std::size_t>(config.threads) + 3;  // + jobs, webhook sender
  auto database = store::Database::open(db_options, store::embedded_migrations());
  if (!database) return std::move(database).error();
  app->database_ = std::move(database).value();

  auto assets = http::StaticAssets::load(config.static_dir);
  if (!assets) return std::move(assets).error();
  app->assets_ = std::move(assets).value();

  if (config.standalone) {
    app->groups_ = std::make_unique<auth::LocalGroupDirectory>(config.local_user);
    app->authenticator_ = std::make_unique<http::StandaloneAuthenticator>(config.local_user);
  } else {
    nextcloud::OcsClientOptions ocs;
    ocs.base_url = config.nextcloud_url;
    ocs.app_id = config.app_id;
    ocs.app_version = config.app_version;
    ocs.secret = config.app_secret;
    ocs.aa_version = config.aa_version;
    app->ocs_ = std::make_unique<nextcloud::OcsClient>(ocs);
    app->groups_ = std::make_unique<nextcloud::NextcloudGroupDirectory>(*app->ocs_, clock);
    app->nextcloud_users_ = std::make_unique<nextcloud::NextcloudUsers>(*app->ocs_, clock);
    app->provisioning_ = std::make_unique<nextcloud::OcsProvisioning>(*app->ocs_, clock);
    app->authenticator_ = std::make_unique<http::AppApiAuthenticator>(config.app_id, config.app_secret);
    nextcloud::UiTexts texts{config.language, config.app_version};
    Application* self = app.get();
    app->lifecycle_ = std::make_unique<nextcloud::Lifecycle>(
        *app->ocs_, app->jobs_, texts, [self] { return self->check_health(); });
  }
  app->organization_roles_ = std::make_unique<services::StoredOrganizationRoles>(*app->database_);
  app->authorizer_ = std::make_unique<auth::Authorizer>(*app->groups_, *app->organization_roles_);
  app->organizations_ =
      std::make_unique<services::OrganizationService>(*app->database_, clock, *app->authorizer_);
  app->roles_ = std::make_unique<services::RoleService>(*app->database_, clock);
  app->member_keys_ = std::make_unique<crypto::MemberKeyStore>(config.storage_dir);
  app->sensitive_ = std::make_unique<services::SensitiveValues>(*app->member_keys_);
  app->members_ = std::make_unique<services::MemberService>(*app->database_, clock, *app->sensitive_);
  app->dues_ = std::make_unique<services::DuesService>(*app->database_, clock);
  app->imports_ = std::make_unique<services::ImportService>(*app->database_, clock, *app->sensitive_);
  jobs::JobRunner* runner = &app->jobs_;
  app->import_jobs_ = std::make_unique<services::ImportJobs>(
      *app->imports_, clock, [runner](std::function<void()> job) { return runner->enqueue("import", std::move(job)); });
  app->registers_ = std::make_unique<services::RegisterService>(*app->database_, clock, *app->sensitive_);
  app->keys_ = std::make_unique<crypto::KeyStore>(config.storage_dir);
  app->purposes_ = std::make_unique<services::PurposeService>(*app->database_, clock);
  app->consents_ = std::make_unique<services::ConsentService>(*app->database_, clock);
  app->ledger_ = std::make_unique<services::LedgerService>(*app->database_, clock, *app->keys_);
  app->public_links_ = std::make_unique<services::PublicLinkService>(*app->database_, clock);
  app->member_self_ = std::make_unique<services::MemberSelfService>(*app->database_, clock);
  app->guess_limiter_ = std::make_unique<http::GuessLimiter>(clock);
  app->subject_requests_ = std::make_unique<services::SubjectRequestService>(*app->database_, clock);
  app->erasure_journal_ = std::make_unique<store::ErasureJournal>(config.storage_dir);
  app->erasures_ = std::make_unique<services::ErasureService>(
      *app->database_, clock, *app->sensitive_, *app->erasure_journal_);
  // Before any request: a member being created holds a key before its row exists.
  auto orphans = services::destroy_orphan_member_keys(*app->database_, *app->member_keys_);
  if (!orphans) return std::move(orphans).error();
  if (orphans.value() > 0) log::info("keys of erased members destroyed", {{"count", orphans.value()}});
  app->processing_register_ =
      std::make_unique<services::ProcessingRegisterService>(*app->database_, clock);
  app->access_packages_ = std::make_unique<services::AccessPackageService>(*app->database_, clock, *app->sensitive_);
  app->retention_ = std::make_unique<services::RetentionService>(
      *app->database_, clock, *app->sensitive_, *app->erasure_journal_);
  app->webhooks_ = std::make_unique<services::WebhookService>(*app->database_, clock);
  jobs::WebhookSenderOptions sender;
  sender.retry_base = std::chrono::milliseconds(config.webhook_retry_base_ms);
  sender.max_attempts = config.webhook_max_attempts;
  sender.user_agent = "Registre/" + config.app_version;
  app->webhook_sender_ = std::make_unique<jobs::WebhookSender>(*app->database_, clock, sender);
  app->group_sync_ = std::make_unique<services::GroupSyncService>(
      *app->database_, clock, app->provisioning_.get(),
      [runner](std::function<void()> job) { return runner->enqueue("group sync", std::move(job)); });
  if (app->ocs_) app->forms_client_ = std::make_unique<nextcloud::FormsClient>(*app->ocs_);
  app->inbox_ = std::make_unique<services::FormsInboxService>(
      *app->database_, clock, *app->members_, *app->consents_, app->forms_client_.get(),
      [runner](std::function<void()> job) { return runner->enqueue("nextcloud inbox", std::move(job)); });
  if (config.standalone) {
    auto seeded = app->organizations_->seed_demo_if_empty();
    if (!seeded) return std::move(seeded).error();
    if (seeded.value()) log::info("demo organization created");
  }

  http::HttpServerOptions http_options{config.threads, config.max_upload_bytes, config.language};
  http::configure_server(app->server_, http_options);
  nextcloud::Lifecycle* lifecycle = app->lifecycle_.get();
  app->router_ = std::make_unique<http::Router>(
      app->server_, *app->authenticator_, *app->authorizer_, config.language, config.max_json_bytes,
      [lifecycle] { return lifecycle == nullptr || lifecycle->healthy(); });
  http::add_lifecycle_routes(*app->router_, lifecycle);
  http::add_static_routes(*app->router_, app->assets_, config.standalone);
  http::add_api_routes(*app->router_, *app->organizations_,
                       {config.standalone ? "standalone" : "nextcloud", config.app_version});
  http::add_organization_routes(*app->router_, *app->organizations_, *app->roles_);
  http::add_member_routes(*app->router_, *app->members_);
  http::add_dues_routes(*app->router_, *app->dues_);
  http::add_import_routes(*app->router_, *app->imports_, *app->import_jobs_);
  http::add_register_routes(*app->router_, *app->registers_);
  http::add_purpose_routes(*app->router_, *app->purposes_);
  http::add_consent_routes(*app->router_, *app->consents_);
  http::add_ledger_routes(*app->router_, *app->ledger_);
  http::add_public_link_routes(*app->router_, *app->public_links_, *app->guess_limiter_);
  http::add_member_self_routes(*app->router_, *app->member_self_);
  http::add_subject_request_routes(*app->router_, *app->subject_requests_);
  http::add_erasure_routes(*app->router_, *app->erasures_);
  http::add_processing_register_routes(*app->router_, *app->processing_register_);
  http::add_access_package_routes(*app->router_, *app->access_packages_);
  http::add_retention_routes(*app->router_, *app->retention_);
  http::add_webhook_routes(*app->router_, *app->webhooks_);
  http::add_group_sync_routes(*app->router_, *app->group_sync_);
  http::add_inbox_routes(*app->router_, *app->inbox_);
  nextcloud::NextcloudUsers* users = app->nextcloud_users_.get();
  const std::string local_user = config.local_user;
  services::OrganizationService* organizations = app->organizations_.get();
  auto organization_exists = [organizations](std::int64_t id) -> Status {
    auto organization = organizations->get(id);
    if (!organization) return std::move(organization).error();
    return ok_status();
  };
  http::add_people_routes(*app->router_, organization_exists, [users, local_user]() -> Result<std::vector<std::string>> {
    if (!users) return std::vector<std::string>{local_user};  // standalone: the only account
    return users->user_ids();
  });

  // Statuses follow the calendar (a membership ends, a departure date arrives): refresh them at
  // start and every hour, so lists filtered by status stay true without anyone editing a record.
  services::MemberService* members = app->members_.get();
  app->jobs_.every("refresh member statuses", std::chrono::hours(1), [members] {
    auto changed = members->refresh_all_statuses();
    if (!changed) log::error("status refresh failed", {{"detail", changed.error().detail}});
    else if (changed.value() > 0) log::info("member statuses refreshed", {{"changed", changed.value()}});
  });
  // Signed checkpoints of every ledger that moved: a later rewrite of the history they cover,
  // even with recomputed hashes, no longer matches a signature made with the key store's key.
  services::LedgerService* ledger = app->ledger_.get();
  app->jobs_.every("sign consent ledger checkpoints", std::chrono::hours(1), [ledger] {
    auto signed_count = ledger->checkpoint_all();
    if (!signed_count) log::error("ledger checkpoints failed", {{"detail", signed_count.error().detail}});
    else if (signed_count.value() > 0) log::info("ledger checkpoints signed", {{"count", signed_count.value()}});
  });
  // Retention: every minute the job looks whether an organisation's daily time has come (it runs
  // once a day there) and, first of all at start, finishes a run a crash interrupted.
  services::RetentionService* retention = app->retention_.get();
  app->jobs_.every("retention", std::chrono::minutes(1), [retention] {
    auto completed = retention->tick();
    if (!completed) log::error("retention job failed", {{"detail", completed.error().detail}});
    else if (completed.value() > 0) log::info("retention runs completed", {{"count", completed.value()}});
  });
  // The outbox is sent from the start: deliveries a crash left pending go out again at once.
  app->webhook_sender_->start();
  // Nextcloud groups that mirror the register: every 5 minutes, groups whose wanted accounts
  // changed are synced (each at least hourly); user events are not webhooks (NEXTCLOUD.md §6), so
  // members whose linked account was deleted in Nextcloud are found by an hourly comparison.
  if (app->provisioning_) {
    services::GroupSyncService* sync = app->group_sync_.get();
    app->jobs_.every("group sync", std::chrono::minutes(5), [sync] {
      auto runs = sync->run_all();
      if (!runs) log::error("group sync failed", {{"detail", runs.error().detail}});
    });
    app->jobs_.every("nextcloud account reconciliation", std::chrono::hours(1), [sync] {
      auto unlinked = sync->reconcile_accounts();
      if (!unlinked) log::error("account reconciliation failed", {{"detail", unlinked.error().detail}});
    });
  }
  // Notifications to managers (Nextcloud mode only: standalone has nobody to notify). Every 15
  // minutes; what was sent is remembered in the database, so a restart sends nothing twice.
  if (app->ocs_) {
    services::NotificationOptions notify;
    notify.nextcloud_url = config.nextcloud_url;
    notify.app_id = config.app_id;
    notify.language = config.language;
    app->notification_channel_ = std::make_unique<nextcloud::AppApiNotifications>(*app->ocs_);
    app->notifications_ = std::make_unique<services::NotificationService>(
        *app->database_, clock, *app->notification_channel_, notify);
    services::add_builtin_sources(*app->notifications_, *app->dues_, notify);
    services::NotificationService* notifications = app->notifications_.get();
    app->jobs_.every("notify managers", std::chrono::minutes(15), [notifications, lifecycle] {
      if (lifecycle != nullptr && !lifecycle->healthy()) return;
      auto sent = notifications->run();
      if (!sent) log::error("notifications failed", {{"detail", sent.error().detail}});
      else if (sent->sent > 0 || sent->failed > 0)
        log::info("notifications sent", {{"sent", sent->sent}, {"failed", sent->failed}, {"stopped", sent->stopped}});
    });
  }
  // Webhook deliveries are handled when they arrive; this picks up the retries that are due and,
  // first of all at start, what a crash or a stop left pending.
  services::FormsInboxService* inbox = app->inbox_.get();
  app->jobs_.every("nextcloud inbox", std::chrono::minutes(1), [inbox] {
    auto handled = inbox->process_due();
    if (!handled) log::error("webhook inbox failed", {{"detail", handled.error().detail}});
  });
  return app;
}

Application::~Application() {
  stop();
  jobs_.stop();  // before the objects its jobs use are destroyed
  if (webhook_sender_) webhook_sender_->stop();
}

Status Application::check_health() {
  // The storage must still be writable (a full or read-only volume shows up here) ...
  const fs::path probe = fs::path(config_.storage_dir) / ".registre-write-check";
  {
    std::ofstream out(probe, std::ios::trunc);
    out << "ok";
    if (!out.good()) {
      return make_error(ErrorKind::unavailable, "unavailable",
                        "the storage directory " + config_.storage_dir + " is not writable");
    }
  }
  std::error_code ec;
  fs::remove(probe, ec);
  // ... and the database sound.
  auto lease = database_->acquire();
  if (!lease) return std::move(lease).error();
  try {
    const std::string check = lease->db().execAndGet("PRAGMA quick_check").getString();
    if (check != "ok") {
      return make_error(ErrorKind::unavailable, "unavailable", "database integrity check: " + check);
    }
  } catch (const std::exception& e) {
    return make_error(ErrorKind::unavailable, "unavailable", std::string("database check: ") + e.what());
  }
  return ok_status();
}

Result<int> Application::bind() {
  if (config_.port == 0) {
    const int port = server_.bind_to_any_port(config_.host);
    if (port <= 0) return make_error(ErrorKind::unavailable, "unavailable", "cannot bind " + config_.host);
    config_.port = port;
    return port;
  }
  if (!server_.bind_to_port(config_.host, config_.port)) {
    return make_error(ErrorKind::unavailable, "unavailable",
                      "cannot listen on " + config_.host + ":" + std::to_string(config_.port) +
                          " (in use, or not an address of this machine)");
  }
  return config_.port;
}

void Application::run() {
  log::info("listening", {{"host", config_.host}, {"port", config_.port},
                          {"mode", config_.standalone ? "standalone" : "nextcloud"},
                          {"threads", config_.threads}, {"version", config_.app_version}});
  serving_ = true;
  if (stop_requested_) {
    serving_ = false;
    return;
  }
  server_.listen_after_bind();
  serving_ = false;
}

void Application::stop() {
  stop_requested_ = true;
  // If run() is past its check, listening is about to begin: wait for it, then stop it.
  while (serving_ && !server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  server_.stop();
}

}  // namespace registre
