#pragma once
// The addresses a host name resolves to (DNS), as numeric text, for the webhook target check made
// when a subscription is saved and again before each send.

#include <string>
#include <vector>

namespace registre::services {

// Every address of `host`; empty when it does not resolve. An address that cannot be written as
// text comes back as "" (which domain::is_non_public_address counts as not public).
std::vector<std::string> host_addresses(const std::string& host);

}  // namespace registre::services
