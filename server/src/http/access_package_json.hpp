#pragma once
// The access package as one JSON document. Its schema is docs/access-package.schema.json and
// docs/access-package.md explains it field by field: change the three together.

#include <nlohmann/json.hpp>

#include "services/access_package_service.hpp"

namespace registre::http {

inline constexpr int kAccessPackageFormatVersion = 1;

nlohmann::json access_package_json(const services::AccessPackage& package);

}  // namespace registre::http
