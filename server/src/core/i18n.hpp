#pragma once
// Server-side texts (problem titles, field messages, what the app registers in Nextcloud) in
// French and English. The browser UI has its own catalogues under nextcloud-app/.

#include <string>
#include <string_view>

namespace registre::i18n {

// "fr" or "en": the first supported language of an Accept-Language header, else `fallback`.
std::string pick_language(std::string_view accept_language, std::string_view fallback);

// The text for a message id; an unknown id is returned as is (so plain text passes through).
// A message made by with_argument() is translated with its argument in place of "{}".
std::string translate(std::string_view language, std::string_view message_id);

// A message id with one argument (a header, a field name), for FieldError messages that name
// what the user wrote: "id|argument". translate() puts the argument into the translated text.
std::string with_argument(std::string_view message_id, std::string_view argument);

}  // namespace registre::i18n
