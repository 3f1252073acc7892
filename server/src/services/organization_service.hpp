#pragma once
// Use cases about organisations. Reads and writes go through here so that scoping and audit
// happen in one place.

#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/organization.hpp"
#include "services/request_info.hpp"
#include "store/database.hpp"

namespace registre::services {

class OrganizationService {
 public:
  OrganizationService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The organisations the actor works in: every active one for a Nextcloud admin. Plain users
  // see the organisations where they hold a role (role grants arrive with the member register).
  Result<std::vector<domain::Organization>> list_visible(const RequestInfo& request);

  // Every organisation, archived ones included (administration pages).
  Result<std::vector<domain::Organization>> list_all(const RequestInfo& request);

  // Creates an organisation and audits it, in one transaction.
  Result<domain::Organization> create(const RequestInfo& request, domain::Organization draft);

  // Standalone mode: creates the demo organisation when the database has none. Returns whether
  // it created one.
  Result<bool> seed_demo_if_empty();

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace registre::services
