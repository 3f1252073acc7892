// Walks every registered route with every kind of caller and checks the status the policy
// implies. A route added without a line here fails the test: no route escapes review.
#include <doctest/doctest.h>

#include <map>

#include "crypto/sodium.hpp"
#include "fakes/fake_nextcloud.hpp"
#include "running_app.hpp"

using namespace registre;
using namespace registre::fakes;

namespace {

enum Caller {
  no_credential, wrong_secret, nextcloud_itself, plain_user, viewer, treasurer, manager,
  other_manager, admin_user, member_self, caller_count
};
const char* caller_names[] = {"no credential", "wrong secret", "Nextcloud (no user)", "bob (no role)",
                              "carol (viewer)", "dave (treasurer)", "erin (manager)",
                              "frank (manager of another organisation)", "admin",
                              "gina (member of organisation 1, no role)"};
const char* user_of[] = {"", "", "", "bob", "carol", "dave", "erin", "frank", "admin", "gina"};

// Expected status per caller, keyed by "METHOD pattern" as registered. Where the caller passes
// the policy, the status is what the handler then says about the example request (e.g. 428 for
// a PUT without If-Match, 400 for an empty body): proof that the request got past authorisation.
using Row = std::array<int, caller_count>;
//                         none bad  nc   bob  view trea mgr  othr adm  gina
const Row kEveryone     = {200, 200, 200, 200, 200, 200, 200, 200, 200, 200};
const Row kLifecycle    = {401, 401, 200, 403, 403, 403, 403, 403, 403, 403};
const Row kStatic       = {401, 401, 200, 200, 200, 200, 200, 200, 200, 200};
const Row kAnyUser      = {401, 401, 403, 200, 200, 200, 200, 200, 200, 200};
const Row kAdminRead    = {401, 401, 403, 403, 403, 403, 403, 403, 200, 403};
const Row kAdminEmpty   = {401, 401, 403, 403, 403, 403, 403, 403, 400, 403};
const Row kAdminNoMatch = {401, 401, 403, 403, 403, 403, 403, 403, 428, 403};
const Row kRolesRead    = {401, 401, 403, 403, 403, 403, 200, 403, 200, 403};
const Row kRolesRevoke  = {401, 401, 403, 403, 403, 403, 403, 403, 404, 403};
const Row kMembersRead  = {401, 401, 403, 403, 200, 200, 200, 403, 200, 403};
const Row kMembersNew   = {401, 401, 403, 403, 403, 403, 400, 403, 400, 403};
const Row kMembersWrite = {401, 401, 403, 403, 403, 403, 428, 403, 428, 403};
const Row kDuesNew      = {401, 401, 403, 403, 403, 400, 400, 403, 400, 403};
const Row kDuesRead     = {401, 401, 403, 403, 403, 200, 200, 403, 200, 403};
const Row kImport       = {401, 401, 403, 403, 403, 403, 422, 403, 422, 403};
const Row kAdminSign    = {401, 401, 403, 403, 403, 403, 403, 403, 201, 403};
const Row kManagerNotFound   = {401, 401, 403, 403, 403, 403, 404, 403, 404, 403};
const Row kPublicRead   = {401, 401, 404, 404, 404, 404, 404, 404, 404, 404};  // no such token
const Row kPublicWrite  = {401, 401, 400, 400, 400, 400, 400, 400, 400, 400};  // empty body
const Row kOwnRead      = {401, 401, 403, 403, 403, 403, 403, 403, 403, 200};
const Row kOwnWrite     = {401, 401, 403, 403, 403, 403, 403, 403, 403, 400};
const Row kImportStatus = {401, 401, 403, 403, 403, 403, 404, 403, 404, 403};
// Retention: rules and defaults are the administrators' (managers read them); holds, approvals,
// runs and reviews are the managers' and the administrators'.
const Row kAdminCreated     = {401, 401, 403, 403, 403, 403, 403, 403, 201, 403};
const Row kAdminConflict    = {401, 401, 403, 403, 403, 403, 403, 403, 409, 403};
const Row kManagersCreated  = {401, 401, 403, 403, 403, 403, 201, 403, 201, 403};
const Row kManagersEmpty    = {401, 401, 403, 403, 403, 403, 400, 403, 400, 403};
// Outgoing webhooks: administrators only (the examples name subscription 1, which does not exist).
const Row kAdminNotFound    = {401, 401, 403, 403, 403, 403, 403, 403, 404, 403};
// Group sync: administrators only (its calls act in Nextcloud as an administrator).
const Row kAdminAccepted    = {401, 401, 403, 403, 403, 403, 403, 403, 202, 403};
// Webhook deliveries: any valid credential (Nextcloud signs them with the event's user), but
// never through the proxy (403 for every browser caller); an empty body is malformed (400).
const Row kWebhook          = {401, 401, 400, 403, 403, 403, 403, 403, 403, 403};

const std::map<std::string, Row> kExpected = {
    {"GET /heartbeat", kEveryone},
    {"POST /init", kLifecycle},
    {"PUT /enabled", kLifecycle},
    {R"(GET /((?:js|css|img|l10n)/[A-Za-z0-9._/-]+))", kStatic},
    {"GET /public/consent", kStatic},
    {"GET /api/v1/me", kAnyUser},
    {"GET /api/v1/organizations", kAnyUser},
    {"GET /admin/v1/organizations", kAdminRead},
    {"POST /admin/v1/organizations", kAdminEmpty},
    {R"(PUT /admin/v1/organizations/(\d+))", kAdminNoMatch},
    {R"(GET /admin/v1/organizations/(\d+)/roles)", kRolesRead},
    {R"(GET /api/v1/organizations/(\d+)/roles)", kRolesRead},
    {R"(POST /admin/v1/organizations/(\d+)/roles)", kAdminEmpty},
    {R"(DELETE /admin/v1/organizations/(\d+)/roles/(\d+))", kRolesRevoke},
    {R"(GET /api/v1/organizations/(\d+)/members)", kMembersRead},
    {R"(POST /api/v1/organizations/(\d+)/members)", kMembersNew},
    {R"(GET /api/v1/organizations/(\d+)/members/(\d+))", kMembersRead},
    {R"(PUT /api/v1/organizations/(\d+)/members/(\d+))", kMembersWrite},
    {R"(DELETE /api/v1/organizations/(\d+)/members/(\d+))", kMembersWrite},
    {R"(POST /api/v1/organizations/(\d+)/members/(\d+)/erasure)", kMembersWrite},  // no If-Match: 428
    {R"(GET /api/v1/organizations/(\d+)/membership-types)", kMembersRead},
    {R"(POST /api/v1/organizations/(\d+)/membership-types)", kMembersNew},
    {R"(GET /api/v1/organizations/(\d+)/members/(\d+)/memberships)", kMembersRead},
    {R"(POST /api/v1/organizations/(\d+)/members/(\d+)/memberships)", kDuesNew},
    {R"(GET /api/v1/organizations/(\d+)/dues/renewals)", kDuesRead},
    {R"(GET /api/v1/organizations/(\d+)/dues/lapsed)", kDuesRead},
    {R"(GET /api/v1/organizations/(\d+)/dues/totals)", kDuesRead},
    {R"(POST /api/v1/organizations/(\d+)/imports)", kImport},  // an empty file: 422
    {R"(GET /api/v1/organizations/(\d+)/imports/([0-9a-f]{32}))", kImportStatus},  // no such import
    {R"(GET /api/v1/organizations/(\d+)/export)", kDuesRead},     // treasurers export for accounting
    {R"(GET /api/v1/organizations/(\d+)/audit)", kRolesRead},     // managers and admins
    {"GET /admin/v1/audit/verify", kAdminRead},
    {R"(GET /api/v1/organizations/(\d+)/nextcloud-users)", kRolesRead},
    {R"(GET /api/v1/organizations/(\d+)/fields)", kMembersRead},
    {R"(POST /api/v1/organizations/(\d+)/fields)", kMembersNew},
    {"GET /api/v1/purpose-presets", kAnyUser},
    {R"(GET /api/v1/organizations/(\d+)/purposes)", kMembersRead},
    {R"(POST /api/v1/organizations/(\d+)/purposes)", kMembersNew},
    {R"(PUT /api/v1/organizations/(\d+)/purposes/(\d+))", kMembersWrite},
    {R"(GET /api/v1/organizations/(\d+)/purposes/(\d+)/versions)", kMembersRead},
    {R"(POST /api/v1/organizations/(\d+)/purposes/(\d+)/versions)", kMembersNew},
    {R"(GET /api/v1/organizations/(\d+)/purposes/(\d+)/renewals)", kRolesRead},  // managers and admins
    {R"(GET /api/v1/organizations/(\d+)/purposes/(\d+)/audience)", kRolesRead},  // e-mails for a mailing
    {R"(GET /api/v1/organizations/(\d+)/members/(\d+)/consents)", kMembersRead},
    {R"(GET /api/v1/organizations/(\d+)/members/(\d+)/consents/history)", kMembersRead},
    {R"(POST /api/v1/organizations/(\d+)/members/(\d+)/consents)", kMembersNew},
    {R"(GET /admin/v1/organizations/(\d+)/ledger/verify)", kAdminRead},
    {R"(GET /admin/v1/organizations/(\d+)/ledger/checkpoints)", kAdminRead},
    {R"(POST /admin/v1/organizations/(\d+)/ledger/checkpoints)", kAdminSign},  // the first signature
    {R"(GET /api/v1/organizations/(\d+)/members/(\d+)/links)", kRolesRead},
    {R"(POST /api/v1/organizations/(\d+)/members/(\d+)/links)", kMembersNew},
    {R"(DELETE /api/v1/organizations/(\d+)/members/(\d+)/links/(\d+))", kManagerNotFound},
    {R"(GET /public/v1/consents/([^/]{1,200}))", kPublicRead},
    {R"(POST /public/v1/consents/([^/]{1,200}))", kPublicWrite},
    {"GET /api/v1/me/memberships", kAnyUser},
    {R"(GET /api/v1/organizations/(\d+)/me/consents)", kOwnRead},
    {R"(POST /api/v1/organizations/(\d+)/me/consents)", kOwnWrite},
    {R"(GET /api/v1/organizations/(\d+)/requests)", kRolesRead},
    {R"(POST /api/v1/organizations/(\d+)/requests)", kMembersNew},
    {R"(GET /api/v1/organizations/(\d+)/requests/(\d+))", kManagerNotFound},
    {R"(PUT /api/v1/organizations/(\d+)/requests/(\d+))", kMembersWrite},
    {R"(POST /api/v1/organizations/(\d+)/requests/(\d+)/extension)", kMembersNew},
    {R"(POST /api/v1/organizations/(\d+)/requests/(\d+)/closure)", kMembersNew},
    {R"(GET /api/v1/organizations/(\d+)/processing-register)", kMembersRead},  // as the purposes
    // Everything on a member, notes and sensitive values included: managers and admins only.
    {R"(GET /api/v1/organizations/(\d+)/members/(\d+)/access-package)", kRolesRead},
    {R"(GET /api/v1/organizations/(\d+)/me/access-package)", kOwnRead},
    // Retention, in the order the routes are registered (earlier answers set up later ones).
    {R"(GET /admin/v1/organizations/(\d+)/webhooks)", kAdminRead},
    {R"(POST /admin/v1/organizations/(\d+)/webhooks)", kAdminEmpty},
    {R"(GET /admin/v1/organizations/(\d+)/webhooks/(\d+))", kAdminNotFound},
    {R"(PUT /admin/v1/organizations/(\d+)/webhooks/(\d+))", kAdminNoMatch},
    {R"(DELETE /admin/v1/organizations/(\d+)/webhooks/(\d+))", kAdminNotFound},
    {R"(POST /admin/v1/organizations/(\d+)/webhooks/(\d+)/secret)", kAdminNotFound},
    {R"(GET /admin/v1/organizations/(\d+)/webhooks/(\d+)/deliveries)", kAdminNotFound},
    {R"(GET /admin/v1/organizations/(\d+)/webhooks/(\d+)/deliveries/(\d+))", kAdminNotFound},
    {R"(POST /admin/v1/organizations/(\d+)/webhooks/(\d+)/deliveries/(\d+)/redelivery)", kAdminNotFound},
    {R"(GET /api/v1/organizations/(\d+)/retention/rules)", kRolesRead},
    {R"(POST /api/v1/organizations/(\d+)/retention/rules)", kAdminEmpty},       // rules: admins only
    {R"(PUT /api/v1/organizations/(\d+)/retention/rules/(\d+))", kAdminNoMatch},
    {R"(GET /api/v1/organizations/(\d+)/retention/defaults)", kRolesRead},
    // The administrator adopts the former-members default (no body needed), so refusing it
    // afterwards is a conflict: proof both got past authorisation.
    {R"(POST /api/v1/organizations/(\d+)/retention/defaults/([a-z-]+)/adoption)", kAdminCreated},
    {R"(POST /api/v1/organizations/(\d+)/retention/defaults/([a-z-]+)/refusal)", kAdminConflict},
    {R"(GET /api/v1/organizations/(\d+)/retention/settings)", kRolesRead},
    {R"(PUT /api/v1/organizations/(\d+)/retention/settings)", kAdminEmpty},     // no If-Match: settings
    {R"(GET /api/v1/organizations/(\d+)/retention/preview)", kRolesRead},
    {R"(GET /api/v1/organizations/(\d+)/members/(\d+)/retention)", kRolesRead},
    {R"(POST /api/v1/organizations/(\d+)/retention/approvals)", kManagersEmpty},
    {R"(POST /api/v1/organizations/(\d+)/retention/runs)", kManagersCreated},    // nothing due: empty runs
    {R"(GET /api/v1/organizations/(\d+)/retention/runs)", kRolesRead},
    {R"(GET /api/v1/organizations/(\d+)/retention/runs/(\d+))", kRolesRead},    // run 1 exists by now
    {R"(GET /api/v1/organizations/(\d+)/retention/holds)", kRolesRead},
    {R"(POST /api/v1/organizations/(\d+)/members/(\d+)/holds)", kManagersEmpty},
    {R"(POST /api/v1/organizations/(\d+)/retention/holds/(\d+)/release)", kManagerNotFound},  // no hold 1
    {R"(GET /api/v1/organizations/(\d+)/retention/reviews)", kRolesRead},
    {R"(POST /api/v1/organizations/(\d+)/retention/reviews/(\d+)/decision)", kManagersEmpty},
    {R"(GET /api/v1/organizations/(\d+)/retention/notices)", kRolesRead},
    {R"(GET /admin/v1/organizations/(\d+)/group-sync/groups)", kAdminRead},
    {R"(POST /admin/v1/organizations/(\d+)/group-sync/groups)", kAdminEmpty},
    {R"(DELETE /admin/v1/organizations/(\d+)/group-sync/groups/(\d+))", kAdminNotFound},
    {R"(POST /admin/v1/organizations/(\d+)/group-sync/groups/(\d+)/confirmation)", kAdminNotFound},
    {R"(POST /admin/v1/organizations/(\d+)/group-sync/preview)", kAdminRead},  // no group: nothing to read
    {R"(POST /admin/v1/organizations/(\d+)/group-sync/runs)", kAdminAccepted},  // queued
    {R"(GET /admin/v1/organizations/(\d+)/group-sync/runs)", kAdminRead},
    // Nextcloud webhooks and Forms applications.
    {"POST /webhooks/nextcloud", kWebhook},
    {R"(GET /api/v1/organizations/(\d+)/forms)", kRolesRead},
    {R"(POST /api/v1/organizations/(\d+)/forms)", kMembersNew},        // empty body: 400
    {R"(PUT /api/v1/organizations/(\d+)/forms/(\d+))", kMembersWrite},  // no If-Match: 428
    {R"(DELETE /api/v1/organizations/(\d+)/forms/(\d+))", kManagerNotFound},
    {R"(GET /api/v1/organizations/(\d+)/applications)", kRolesRead},
    {R"(GET /api/v1/organizations/(\d+)/applications/(\d+))", kManagerNotFound},
    {R"(POST /api/v1/organizations/(\d+)/applications/(\d+)/dismissal)", kManagerNotFound},
};

void must(const FakeNextcloud::AppAnswer& a, int status) {
  REQUIRE_MESSAGE(a.status == status, a.method << " " << a.path << " -> " << a.status << " " << a.body);
}

}  // namespace

TEST_CASE("every route answers every kind of caller as the policy says") {
  FakeNextcloud nextcloud;
  test_support::RunningApp app(test_support::nextcloud_config(nextcloud.url()));
  nextcloud.set_app("127.0.0.1", app.port());
  // Nextcloud's answers for the users' groups, from captured records of the same envelope:
  // admin gets the instance's group list (provisioning.jsonl seq 9: ["admin"]), the others bob's
  // own groups (seq 7: []).
  nextcloud.answer_with("GET", "/ocs/v2.php/cloud/users/admin/groups", 9, "provisioning.jsonl");
  for (const char* uid : {"carol", "dave", "erin", "frank", "gina"}) {
    nextcloud.answer_with("GET", std::string("/ocs/v2.php/cloud/users/") + uid + "/groups", 7, "provisioning.jsonl");
  }

  // Organisation 1 (its staff: carol viewer, dave treasurer, erin manager) with member 1 and
  // purpose 1, and organisation 2 managed by frank.
  must(nextcloud.proxy("POST", "/admin/v1/organizations", "admin", R"({"slug":"amis","name":"Les Amis"})", "application/json"), 201);
  must(nextcloud.proxy("POST", "/admin/v1/organizations", "admin", R"({"slug":"autre","name":"Autre"})", "application/json"), 201);
  for (auto [org, uid, role] : {std::tuple{1, "carol", "viewer"}, std::tuple{1, "dave", "treasurer"},
                                std::tuple{1, "erin", "manager"}, std::tuple{2, "frank", "manager"}}) {
    must(nextcloud.proxy("POST", "/admin/v1/organizations/" + std::to_string(org) + "/roles", "admin",
                         std::string(R"({"principalType":"user","principalId":")") + uid + R"(","role":")" + role + R"("})",
                         "application/json"),
         201);
  }
  must(nextcloud.proxy("POST", "/api/v1/organizations/1/members", "erin", R"({"lastName":"Martin"})", "application/json"), 201);
  // gina has no role anywhere, but her member record in organisation 1 names her account.
  must(nextcloud.proxy("POST", "/api/v1/organizations/1/members", "erin", R"({"lastName":"Gina","nextcloudUser":"gina"})", "application/json"), 201);
  must(nextcloud.proxy("POST", "/api/v1/organizations/1/purposes", "erin", R"({"preset":"newsletter"})", "application/json"), 201);

  const auto& routes = app.app().router().routes();
  REQUIRE(routes.size() >= kExpected.size());
  for (const auto& route : routes) {
    const std::string key = route.method + " " + route.pattern;
    auto expected = kExpected.find(key);
    if (expected == kExpected.end()) {
      FAIL_CHECK("route " << key << " has no line in the authorisation matrix test");
      continue;
    }
    for (int caller = 0; caller < caller_count; ++caller) {
      FakeNextcloud::AppAnswer answer;
      if (caller >= plain_user) {
        answer = nextcloud.proxy(route.method, route.example_path, user_of[caller]);
      } else {
        auto headers = FakeNextcloud::captured_headers(find_exchange("lifecycle.jsonl", 2));
        if (caller == no_credential) headers.clear();
        if (caller == wrong_secret) {
          headers.erase("AUTHORIZATION-APP-API");
          headers.emplace("AUTHORIZATION-APP-API", crypto::base64_encode(":wrong-secret-0123456789"));
        }
        answer = nextcloud.raw(route.method, route.example_path, headers);
      }
      CHECK_MESSAGE(answer.status == expected->second[static_cast<std::size_t>(caller)],
                    key << " as " << std::string(caller_names[caller]) << " -> " << answer.status << " " << answer.body);
      CHECK_MESSAGE(answer.headers.count("Cache-Control") == 1, key << " lacks Cache-Control");
    }
  }
  app.app().jobs().drain();
}
