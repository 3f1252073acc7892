#pragma once
// Standard Webhooks signatures (https://www.standardwebhooks.com): a subscription's secret is
// "whsec_" + base64 of a random key, and each send carries
//   webhook-signature: v1,<base64 of HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")>

#include <optional>
#include <string>
#include <string_view>

namespace registre::crypto {

// A new secret: "whsec_" + base64 of 32 random bytes.
std::string new_webhook_secret();

// The key inside a "whsec_..." secret; nullopt when the prefix or the base64 is wrong, or the key
// is shorter than 24 bytes or longer than 64 (the specification's bounds).
std::optional<std::string> webhook_secret_key(std::string_view secret);

// "v1,<base64 signature>" for one send. REQUIRES: `key` is a decoded secret key.
std::string webhook_signature(std::string_view key, std::string_view message_id,
                              std::string_view timestamp, std::string_view body);

}  // namespace registre::crypto
