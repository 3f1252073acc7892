#include "domain/search_text.hpp"
#include "domain/utf8.hpp"
#include "http/query_params.hpp"
#include "http/routes.hpp"

namespace registre::http {

void add_people_routes(Router& router, std::function<Status(std::int64_t)> organization_exists,
                       std::function<Result<std::vector<std::string>>()> user_ids) {
  router.add({"GET", R"(/api/v1/organizations/(\d+)/nextcloud-users)", auth::UseCase::search_nextcloud_users,
              "/api/v1/organizations/1/nextcloud-users?search=b"},
             [organization_exists = std::move(organization_exists), user_ids = std::move(user_ids)](RequestContext& ctx) {
               std::vector<FieldError> errors;
               refuse_unknown_params(ctx.req, {"search"}, errors);
               const std::string search = ctx.req.get_param_value("search");
               if (!domain::utf8_length_within(search, 0, 100)) errors.push_back({"search", "at most 100 characters"});
               if (!errors.empty()) return ctx.problem(invalid_fields(std::move(errors)));
               if (auto exists = organization_exists(ctx.organization_id); !exists) return ctx.problem(exists.error());
               auto ids = user_ids();
               if (!ids) return ctx.problem(ids.error());
               const std::string wanted = domain::fold_for_search(search);
               nlohmann::json items = nlohmann::json::array();
               for (const auto& id : ids.value()) {
                 if (!wanted.empty() && domain::fold_for_search(id).find(wanted) == std::string::npos) continue;
                 items.push_back(id);
                 if (items.size() == 20) break;  // a picker shows a few; typing more narrows it
               }
               ctx.json(200, {{"items", std::move(items)}});
             });
}

}  // namespace registre::http
