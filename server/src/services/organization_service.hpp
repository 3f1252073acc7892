#pragma once
// Use cases about organisations. Reads and writes go through here so that scoping and audit
// happen in one place.

#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/organization.hpp"
#include "services/request_info.hpp"
#include "auth/authorizer.hpp"
#include "store/database.hpp"

namespace registre::services {

class OrganizationService {
 public:
  OrganizationService(store::Database& db, const Clock& clock, auth::Authorizer& authorizer)
      : db_(db), clock_(clock), authorizer_(authorizer) {}

  // The organisations the actor works in: every active one for a Nextcloud admin; for others,
  // the active ones where they (or one of their groups) hold a role.
  Result<std::vector<domain::Organization>> list_visible(const RequestInfo& request);

  // Every organisation, archived ones included (administration pages).
  Result<std::vector<domain::Organization>> list_all(const RequestInfo& request);

  // Creates an organisation and audits it, in one transaction.
  Result<domain::Organization> create(const RequestInfo& request, domain::Organization draft);

  // Renames and/or archives (or unarchives). `expected_version` is the client's If-Match.
  struct Update {
    std::optional<std::string> name;
    std::optional<bool> archived;
  };
  Result<domain::Organization> update(const RequestInfo& request, std::int64_t id,
                                      std::int64_t expected_version, const Update& changes);

  Result<domain::Organization> get(std::int64_t id);

  // Standalone mode: creates the demo organisation when the database has none. Returns whether
  // it created one.
  Result<bool> seed_demo_if_empty();

 private:
  store::Database& db_;
  const Clock& clock_;
  auth::Authorizer& authorizer_;
};

}  // namespace registre::services
