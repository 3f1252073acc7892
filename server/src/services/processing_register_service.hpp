#pragma once
// The register of processing activities (GDPR Art. 30) of one organisation, built from its
// purposes (domain/processing_register.hpp).

#include <cstdint>
#include <string>

#include "core/clock.hpp"
#include "domain/processing_register.hpp"
#include "store/database.hpp"

namespace registre::services {

class ProcessingRegisterService {
 public:
  ProcessingRegisterService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The organisation and its purposes, read in one snapshot; `language` ("fr" or "en") is the
  // language of the register's fixed texts. not_found for an unknown organisation.
  Result<domain::ProcessingRegister> build(std::int64_t organization_id,
                                           const std::string& language);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace registre::services
