#include "http/json_body.hpp"
#include "http/routes.hpp"

namespace registre::http {

void add_erasure_routes(Router& router, services::ErasureService& erasures) {
  // A POST, not a DELETE: it needs a body (the request it answers) and answers with a receipt,
  // and it is not the deletion of a mistaken record (DELETE .../members/{id}) but an erasure.
  router.add({"POST", R"(/api/v1/organizations/(\d+)/members/(\d+)/erasure)",
              auth::UseCase::erase_member, "/api/v1/organizations/1/members/1/erasure"},
             [&erasures](RequestContext& ctx) {
               auto version = required_if_match(ctx.req);
               if (!version) return ctx.problem(version.error());
               auto body = parse_json_object(ctx.req, ctx.max_json_bytes);
               if (!body) return ctx.problem(body.error());
               FieldReader r(body.value(), {"subjectRequestId"});
               const auto request_id = r.integer("subjectRequestId", 1, INT64_MAX, false, true);
               if (auto s = r.finish(); !s) return ctx.problem(s.error());
               auto receipt = erasures.erase(ctx.info, ctx.organization_id, path_number(ctx.req, 2),
                                             version.value(), request_id);
               if (!receipt) return ctx.problem(receipt.error());
               const auto& e = receipt.value();
               ctx.json(200, {{"memberNumber", e.member_number},
                              {"erasedAt", e.erased_at},
                              {"subjectRequestId", e.subject_request_id
                                                       ? nlohmann::json(*e.subject_request_id)
                                                       : nlohmann::json()},
                              {"membershipsAnonymised", e.memberships_anonymised},
                              {"consentEvidenceDeleted", e.evidence_deleted},
                              {"publicLinksDeleted", e.public_links_deleted},
                              {"householdsFreed", e.households_freed},
                              {"logTruncated", e.log_truncated}});
             });
}

}  // namespace registre::http
