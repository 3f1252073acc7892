#pragma once
// Keyset-pagination cursors as opaque URL-safe tokens (the proxy rebuilds query strings, so the
// token avoids '+', '/' and '=').

#include <optional>
#include <string>

#include "store/member_store.hpp"

namespace registre::http {

std::string encode_cursor(const store::MemberCursor& cursor);
std::optional<store::MemberCursor> decode_cursor(const std::string& token);

}  // namespace registre::http
