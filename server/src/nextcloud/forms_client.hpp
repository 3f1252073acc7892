#pragma once
// Reads a Nextcloud Forms form's submissions through the Forms OCS API v3, as the form's owner
// (forms.jsonl seq 13): a FormSubmittedEvent carries no answers.

#include "nextcloud/ocs_client.hpp"
#include "services/forms_inbox_service.hpp"

namespace registre::nextcloud {

class FormsClient final : public services::FormsAnswers {
 public:
  explicit FormsClient(OcsClient& client) : client_(client) {}
  Result<Fetched> submissions(std::int64_t form_id, const std::string& owner_id) override;

 private:
  OcsClient& client_;
};

}  // namespace registre::nextcloud
