#include "http/consent_representations.hpp"
#include "http/json_body.hpp"
#include "http/routes.hpp"

namespace registre::http {
namespace {

nlohmann::json verification_json(const services::LedgerVerification& v) {
  auto optional = [](const std::optional<std::int64_t>& n) {
    return n ? nlohmann::json(*n) : nlohmann::json();
  };
  auto text = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
  return {{"organizationId", v.organization_id},
          {"intact", v.intact()},
          {"eventsChecked", v.events_checked},
          {"firstBrokenEventId", optional(v.first_broken_event_id)},
          {"firstBrokenSeq", optional(v.first_broken_seq)},
          {"problem", text(v.problem)},
          {"checkpointsChecked", v.checkpoints_checked},
          {"firstBadCheckpointId", optional(v.first_bad_checkpoint_id)},
          {"checkpointProblem", text(v.checkpoint_problem)}};
}

nlohmann::json checkpoint_json(const domain::LedgerCheckpoint& c) {
  return {{"id", c.id},
          {"organizationId", c.organization_id},
          {"seq", c.seq},
          {"headHash", c.head_hash},
          {"signedAt", c.signed_at},
          {"publicKey", c.public_key},
          {"signature", c.signature}};
}

}  // namespace

void add_consent_routes(Router& router, services::ConsentService& consents) {
  router.add({"GET", R"(/api/v1/organizations/(\d+)/members/(\d+)/consents)",
              auth::UseCase::read_consents, "/api/v1/organizations/1/members/1/consents"},
             [&consents](RequestContext& ctx) {
               auto lines =
                   consents.current(ctx.info, ctx.organization_id, path_number(ctx.req, 2));
               if (!lines) return ctx.problem(lines.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& line : lines.value())
                 items.push_back(to_json(line));
               ctx.json(200, {{"items", std::move(items)}});
             });

  router.add({"GET", R"(/api/v1/organizations/(\d+)/members/(\d+)/consents/history)",
              auth::UseCase::read_consents, "/api/v1/organizations/1/members/1/consents/history"},
             [&consents](RequestContext& ctx) {
               auto events =
                   consents.history(ctx.info, ctx.organization_id, path_number(ctx.req, 2));
               if (!events) return ctx.problem(events.error());
               nlohmann::json items = nlohmann::json::array();
               for (const auto& e : events.value())
                 items.push_back(to_json(e));
               ctx.json(200, {{"items", std::move(items)}});
             });

  router.add(
      {"POST", R"(/api/v1/organizations/(\d+)/members/(\d+)/consents)",
       auth::UseCase::record_consent, "/api/v1/organizations/1/members/1/consents"},
      [&consents](RequestContext& ctx) {
        auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
        if (!body) return ctx.problem(body.error());
        FieldReader r(body.value(), {"purposeId", "versionId", "decision", "channel", "evidence"});
        services::ConsentService::Decision d;
        d.purpose_id = r.integer("purposeId", 1, INT64_MAX, true).value_or(0);
        d.version_id = r.integer("versionId", 1, INT64_MAX, false, true);
        d.decision = r.string("decision", true).value_or("");
        d.channel = r.string("channel", true).value_or("");
        d.evidence = r.string("evidence", false, true).value_or("");
        if (auto s = r.finish(); !s) return ctx.problem(s.error());
        auto recorded = consents.record(ctx.info, ctx.organization_id, path_number(ctx.req, 2), d);
        if (!recorded) return ctx.problem(recorded.error());
        ctx.json(201, to_json(recorded.value()));
      });
}

void add_ledger_routes(Router& router, services::LedgerService& ledger) {
  router.add({"GET", R"(/admin/v1/organizations/(\d+)/ledger/verify)",
              auth::UseCase::verify_consent_ledger, "/admin/v1/organizations/1/ledger/verify"},
             [&ledger](RequestContext& ctx) {
               auto result = ledger.verify(ctx.organization_id);
               if (!result) return ctx.problem(result.error());
               ctx.json(200, verification_json(result.value()));
             });

  router.add(
      {"GET", R"(/admin/v1/organizations/(\d+)/ledger/checkpoints)",
       auth::UseCase::read_ledger_checkpoints, "/admin/v1/organizations/1/ledger/checkpoints"},
      [&ledger](RequestContext& ctx) {
        auto exported = ledger.checkpoints(ctx.organization_id);
        if (!exported) return ctx.problem(exported.error());
        nlohmann::json items = nlohmann::json::array();
        for (const auto& c : exported->checkpoints)
          items.push_back(checkpoint_json(c));
        ctx.json(200, {{"algorithm", "Ed25519"},
                       {"messageFormat", "registre-ledger-checkpoint-v1"},
                       {"publicKey", exported->public_key.empty()
                                         ? nlohmann::json()
                                         : nlohmann::json(exported->public_key)},
                       {"items", std::move(items)}});
      });

  router.add(
      {"POST", R"(/admin/v1/organizations/(\d+)/ledger/checkpoints)",
       auth::UseCase::sign_ledger_checkpoint, "/admin/v1/organizations/1/ledger/checkpoints"},
      [&ledger](RequestContext& ctx) {
        auto signed_now = ledger.checkpoint(ctx.info, ctx.organization_id);
        if (!signed_now) return ctx.problem(signed_now.error());
        ctx.json(signed_now->created ? 201 : 200, checkpoint_json(signed_now->checkpoint));
      });
}

}  // namespace registre::http
