#pragma once
// Service tests act with roles given in the RequestInfo; the authorizer they need to build an
// OrganizationService asks these, which know no group and no role grant.

#include <string>
#include <vector>

#include "auth/authorizer.hpp"

namespace registre::test_support {

class NoGroups final : public auth::GroupDirectory {
 public:
  Result<std::vector<std::string>> groups_of(const std::string&) override {
    return std::vector<std::string>{};
  }
};

class NoRoles final : public auth::OrganizationRoles {
 public:
  Result<std::vector<std::string>> roles_in(std::int64_t, const std::string&,
                                            const std::vector<std::string>&) override {
    return std::vector<std::string>{};
  }
};

}  // namespace registre::test_support
