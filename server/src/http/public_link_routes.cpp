#include "http/choices_representations.hpp"
#include "http/json_body.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

// The token is the path's only group. It is never logged: the access log masks /public/ paths
// (http/http_server.cpp) and nothing here writes it anywhere.
std::string token_of(const httplib::Request& req) {
  return req.matches.size() > 1 ? req.matches[1].str() : std::string();
}

// The client a guess counts against. Behind Nextcloud every request comes from Nextcloud's own
// address, and AppAPI's proxy names the browser's address in x-origin-ip: counting per TCP peer
// would let 20 bad tokens from anyone close the public page to every member for 15 minutes. A
// caller that sends an x-origin-ip of its own escapes only the per-address count, not the total.
std::string client_of(const httplib::Request& req) {
  const std::string origin = req.get_header_value("x-origin-ip");
  return origin.empty() ? req.remote_addr : origin.substr(0, 64);
}

// 429 with Retry-After when the caller has guessed too much; false when it may go on.
bool refuse_if_guessing(RequestContext& ctx, GuessLimiter& limiter) {
  auto wait = limiter.blocked(client_of(ctx.req));
  if (!wait) return false;
  ctx.problem(make_error(ErrorKind::rate_limited, "rate-limited"));
  ctx.res.set_header("Retry-After", std::to_string(wait->count()));
  return true;
}

// A token that opened nothing counts against the caller (whatever the reason, as the answer).
void count_failure(RequestContext& ctx, GuessLimiter& limiter, const Error& error) {
  if (error.kind == ErrorKind::not_found) limiter.failed(client_of(ctx.req));
}

}  // namespace

void add_public_link_routes(Router& router, services::PublicLinkService& links,
                            GuessLimiter& limiter) {
  const std::string member_links = R"(/api/v1/organizations/(\d+)/members/(\d+)/links)";
  router.add({"GET", member_links, auth::UseCase::list_public_links,
              "/api/v1/organizations/1/members/1/links"},
             [&links](RequestContext& ctx) {
               auto list = links.list(ctx.info, ctx.organization_id, path_number(ctx.req, 2));
               if (!list) return ctx.problem(list.error());
               const std::string now = links.now();
               nlohmann::json items = nlohmann::json::array();
               for (const auto& l : list.value())
                 items.push_back(link_json(l, now));
               ctx.json(200, {{"items", std::move(items)}});
             });

  router.add({"POST", member_links, auth::UseCase::create_public_link,
              "/api/v1/organizations/1/members/1/links"},
             [&links](RequestContext& ctx) {
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"expiresInDays"});
               auto days = r.integer("expiresInDays", INT64_MIN, INT64_MAX, false, true);
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto created =
                   links.create(ctx.info, ctx.organization_id, path_number(ctx.req, 2), days);
               if (!created) return ctx.problem(created.error());
               nlohmann::json out = link_json(created->link, created->link.created_at);
               // Shown this once: only the token's hash is kept.
               out["token"] = created->token;
               out["path"] = "public/v1/consents/" + created->token;
               // The page to send the member: the token rides in the fragment, never logged.
               out["pagePath"] = "public/consent#" + created->token;
               ctx.json(201, out);
             });

  router.add({"DELETE", member_links + R"(/(\d+))", auth::UseCase::revoke_public_link,
              "/api/v1/organizations/1/members/1/links/1"},
             [&links](RequestContext& ctx) {
               auto revoked = links.revoke(ctx.info, ctx.organization_id, path_number(ctx.req, 2),
                                           path_number(ctx.req, 3));
               if (!revoked) return ctx.problem(revoked.error());
               ctx.json(200, link_json(revoked.value(), links.now()));
             });

  // Any characters up to a slash: a malformed token takes the same path (and the same 404, and
  // counts as a guess) as a well-formed one that opens nothing.
  const std::string public_choices = R"(/public/v1/consents/([^/]{1,200}))";
  const std::string example = "/public/v1/consents/" + std::string(64, '0');
  router.add({"GET", public_choices, auth::UseCase::use_public_link, example},
             [&links, &limiter](RequestContext& ctx) {
               if (refuse_if_guessing(ctx, limiter)) return;
               auto choices = links.open(ctx.info, token_of(ctx.req));
               if (!choices) {
                 count_failure(ctx, limiter, choices.error());
                 return ctx.problem(choices.error());
               }
               ctx.json(200, own_choices_json(choices.value()));
             });

  router.add({"POST", public_choices, auth::UseCase::use_public_link, example},
             [&links, &limiter](RequestContext& ctx) {
               if (refuse_if_guessing(ctx, limiter)) return;
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"purposeId", "decision"});
               const auto purpose = r.integer("purposeId", 1, INT64_MAX, true).value_or(0);
               const auto decision = r.string("decision", true).value_or("");
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto line = links.decide(ctx.info, token_of(ctx.req), purpose, decision);
               if (!line) {
                 count_failure(ctx, limiter, line.error());
                 return ctx.problem(line.error());
               }
               ctx.json(201, own_line_json(line.value()));
             });
}

void add_member_self_routes(Router& router, services::MemberSelfService& self) {
  router.add({"GET", "/api/v1/me/memberships", auth::UseCase::list_own_memberships,
              "/api/v1/me/memberships"},
             [&self](RequestContext& ctx) {
               auto list = self.memberships(ctx.info);
               if (!list) return ctx.problem(list.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& m : list.value()) {
                 items.push_back({{"organizationId", m.organization_id},
                                  {"organizationName", m.organization_name},
                                  {"memberId", m.member_id},
                                  {"memberNumber", m.member_number}});
               }
               ctx.json(200, {{"items", std::move(items)}});
             });

  const std::string own = R"(/api/v1/organizations/(\d+)/me/consents)";
  router.add({"GET", own, auth::UseCase::read_own_consents, "/api/v1/organizations/1/me/consents"},
             [&self](RequestContext& ctx) {
               auto choices = self.choices(ctx.info, ctx.organization_id);
               if (!choices) return ctx.problem(choices.error());
               ctx.json(200, own_choices_json(choices.value()));
             });

  router.add(
      {"POST", own, auth::UseCase::record_own_consent, "/api/v1/organizations/1/me/consents"},
      [&self](RequestContext& ctx) {
        auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
        if (!body) return ctx.problem(body.error());
        FieldReader r(body.value(), {"purposeId", "decision"});
        const auto purpose = r.integer("purposeId", 1, INT64_MAX, true).value_or(0);
        const auto decision = r.string("decision", true).value_or("");
        if (auto s = r.finish(); !s) return ctx.problem(s.error());
        auto line = self.decide(ctx.info, ctx.organization_id, purpose, decision);
        if (!line) return ctx.problem(line.error());
        ctx.json(201, own_line_json(line.value()));
      });
}

}  // namespace registre::http
