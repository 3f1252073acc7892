// Fuzzes the webhook delivery parser (domain/webhook_delivery.cpp) and the Forms answers mapping
// (domain/forms_application.cpp) with arbitrary bodies: never a crash, and what is accepted keeps
// its invariants (a bounded printable event class, a form submission with positive ids).
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "domain/forms_application.hpp"
#include "domain/webhook_delivery.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);

  auto delivery = registre::domain::parse_webhook_delivery(input);
  if (delivery) {
    const auto& cls = delivery->event_class;
    if (cls.empty() || cls.size() > 200) std::abort();
    for (unsigned char c : cls) {
      if (c < 0x20 || c > 0x7e) std::abort();
    }
    if (delivery->form_submission) {
      const auto& s = *delivery->form_submission;
      if (s.form_id <= 0 || s.submission_id <= 0 || s.owner_id.empty()) std::abort();
      if (delivery->dedup_key.rfind("forms:", 0) != 0 || delivery->dedup_key.size() > 100)
        std::abort();
    } else if (!delivery->dedup_key.empty()) {
      std::abort();
    }
  } else if (delivery.error().detail.rfind("webhook-", 0) != 0) {
    std::abort();
  }

  // The same bytes as one submission of the Forms API, mapped like the captured form.
  registre::domain::FormMapping mapping;
  mapping.form_id = 2;
  mapping.fields = {{4, "name"}, {5, "email"}, {7, "custom:notes_field"}};
  mapping.consents = {{6, 1}};
  const auto submission = nlohmann::json::parse(input, nullptr, false);
  const auto draft =
      registre::domain::draft_application(mapping, submission, nlohmann::json::array());
  if (draft.consents.size() > mapping.consents.size()) std::abort();
  if (draft.member.last_name && draft.member.last_name->size() > 1000) std::abort();
  return 0;
}
