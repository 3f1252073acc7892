#pragma once
// Outgoing webhook events: the types other tools can subscribe to, and how a subscription's
// target URL is judged. Pure: no network, no database.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace registre::domain {

// Every event type, in the order the documentation lists them.
const std::vector<std::string_view>& webhook_event_types();
bool is_webhook_event_type(std::string_view type);

// A subscription's event list: non-empty, known types, no repeats. Field errors name `field`.
std::vector<FieldError> validate_webhook_event_types(const std::vector<std::string>& types,
                                                     const std::string& field);

// The parts of a target URL that matter for sending and for the address check.
struct WebhookTarget {
  std::string scheme;          // http or https
  std::string host;            // without brackets for IPv6 literals; lower case
  int port = 0;                // explicit or the scheme's default
  std::string path_and_query;  // starts with '/'
};

// Parses an absolute http(s) URL without user info or fragment. nullopt with `reason` (a message
// id of the catalogue) otherwise.
std::optional<WebhookTarget> parse_webhook_url(std::string_view url, std::string& reason);

// Whether an address (IPv4 dotted or IPv6 text) is loopback, private, link-local, unique-local,
// unspecified, carrier-grade NAT, multicast or otherwise not a public internet address. A target
// resolving to one of these reaches the machine's own network (SSRF), so it needs an admin's
// explicit permission. Text that is not an address is reported as not public.
bool is_non_public_address(std::string_view address);

}  // namespace registre::domain
