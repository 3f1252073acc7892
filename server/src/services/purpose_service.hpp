#pragma once
// Purposes of processing, their published texts, and who must be asked again after a new text.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/purpose.hpp"
#include "domain/purpose_presets.hpp"
#include "services/request_info.hpp"
#include "store/audience_store.hpp"
#include "store/consent_store.hpp"
#include "store/database.hpp"

namespace registre::services {

struct PurposeView {
  domain::Purpose purpose;
  std::optional<domain::PurposeVersion> latest;  // none until a text is published
};

class PurposeService {
 public:
  PurposeService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<std::vector<PurposeView>> list(std::int64_t organization_id);

  struct Texts {
    std::string fr, en;
  };
  // Creates a purpose, and publishes its first version when `texts` are given; one transaction,
  // audited. conflict when the key is taken.
  Result<PurposeView> create(const RequestInfo& request, domain::Purpose draft,
                             std::optional<Texts> texts);
  // The preset's purpose in `language`, with its texts (both languages) as version 1.
  // invalid (naming `preset`) for an unknown preset.
  Result<PurposeView> adopt_preset(const RequestInfo& request, std::int64_t organization_id,
                                   const std::string& preset_key, const std::string& language);

  struct Changes {
    std::optional<std::string> title, description, legal_basis, retention;
    std::optional<std::vector<std::string>> data_categories, recipients;
    std::optional<bool> active;
  };
  // Needs the version the caller read (If-Match); the key never changes.
  Result<PurposeView> update(const RequestInfo& request, std::int64_t organization_id,
                             std::int64_t purpose_id, std::int64_t expected_version,
                             const Changes& changes);

  // Publishes the next version. For a consent-based purpose, consents given to earlier versions
  // become "to renew" (derived: see domain::consent_state).
  Result<domain::PurposeVersion> publish(const RequestInfo& request, std::int64_t organization_id,
                                         std::int64_t purpose_id, const Texts& texts);
  Result<std::vector<domain::PurposeVersion>> versions(std::int64_t organization_id,
                                                       std::int64_t purpose_id);

  // Members whose current consent was given to an older text: to be asked again. Audited (a list
  // of people). Empty for a purpose that does not rest on consent.
  // Who may be processed for the purpose today (domain::may_process): the list a mailing goes
  // to. Restricted members, and those who did not consent, withdrew or objected, are left out and
  // counted by reason. Audited (the purpose, the count; not the people).
  struct Audience {
    domain::Purpose purpose;
    std::vector<store::AudienceCandidate> members;
    std::map<std::string, std::int64_t>
        excluded;  // reason (restricted, none, withdrawn, ...) -> count
  };
  Result<Audience> audience(const RequestInfo& request, std::int64_t organization_id,
                            std::int64_t purpose_id);

  Result<std::vector<store::RenewalRow>> renewals(const RequestInfo& request,
                                                  std::int64_t organization_id,
                                                  std::int64_t purpose_id);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace registre::services
