#include "nextcloud/forms_client.hpp"

namespace registre::nextcloud {

Result<FormsClient::Fetched> FormsClient::submissions(std::int64_t form_id,
                                                      const std::string& owner_id) {
  auto response = client_.call(
      "GET", "/ocs/v2.php/apps/forms/api/v3/forms/" + std::to_string(form_id) + "/submissions",
      nullptr, owner_id);
  if (!response) return std::move(response).error();
  Fetched fetched;
  if (response->not_found()) return fetched;  // the form or its owner's access is gone
  if (!response->ok()) {
    return make_error(ErrorKind::upstream, "upstream",
                      "Forms refused to list the submissions (OCS status " +
                          std::to_string(response->ocs_status) + ")");
  }
  const auto& data = response->data;
  if (!data.is_object() || !data.contains("submissions") || !data["submissions"].is_array()) {
    return make_error(ErrorKind::upstream, "upstream", "Forms answered without submissions");
  }
  fetched.found = true;
  fetched.submissions = data["submissions"];
  if (data.contains("questions") && data["questions"].is_array())
    fetched.questions = data["questions"];
  return fetched;
}

}  // namespace registre::nextcloud
