#include "domain/webhook_event.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace registre::domain {

const std::vector<std::string_view>& webhook_event_types() {
  static const std::vector<std::string_view> types = {
      "member.created", "member.updated",    "member.status_changed", "membership.paid",
      "consent.given",  "consent.withdrawn", "member.restricted",     "member.erased",
      "request.opened", "request.closed",
  };
  return types;
}

bool is_webhook_event_type(std::string_view type) {
  const auto& types = webhook_event_types();
  return std::find(types.begin(), types.end(), type) != types.end();
}

std::vector<FieldError> validate_webhook_event_types(const std::vector<std::string>& types,
                                                     const std::string& field) {
  if (types.empty()) return {{field, "webhook-events-required"}};
  std::set<std::string> seen;
  for (const auto& t : types) {
    if (!is_webhook_event_type(t)) return {{field, "webhook-event-unknown|" + t}};
    if (!seen.insert(t).second) return {{field, "webhook-event-repeated|" + t}};
  }
  return {};
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool valid_host_name(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (char c : host) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return false;
  }
  return host.front() != '.' && host.front() != '-';
}

}  // namespace

std::optional<WebhookTarget> parse_webhook_url(std::string_view url, std::string& reason) {
  reason = "webhook-url-invalid";
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return std::nullopt;  // spaces, controls
  }
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  WebhookTarget t;
  t.scheme = lower(url.substr(0, scheme_end));
  if (t.scheme != "http" && t.scheme != "https") {
    reason = "webhook-url-scheme";
    return std::nullopt;
  }
  std::string_view rest = url.substr(scheme_end + 3);
  if (rest.find('#') != std::string_view::npos) return std::nullopt;
  const auto path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  t.path_and_query =
      path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (t.path_and_query.front() == '?') t.path_and_query.insert(0, "/");
  if (authority.find('@') != std::string_view::npos) {
    reason = "webhook-url-credentials";  // a secret in a URL ends up in logs and screens
    return std::nullopt;
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    t.host = lower(authority.substr(1, close - 1));
    in6_addr probe{};
    if (inet_pton(AF_INET6, t.host.c_str(), &probe) != 1) return std::nullopt;
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port_text = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    t.host = lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    if (!valid_host_name(t.host)) return std::nullopt;
  }
  t.port = t.scheme == "https" ? 443 : 80;
  if (!port_text.empty() || (authority.size() > 0 && authority.back() == ':')) {
    if (port_text.empty() || port_text.size() > 5) return std::nullopt;
    int port = 0;
    for (char c : port_text) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) return std::nullopt;
    t.port = port;
  }
  return t;
}

bool is_non_public_address(std::string_view address) {
  const std::string text(address);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    const std::uint32_t a = ntohl(v4.s_addr);
    const auto in = [a](std::uint32_t net, int bits) {
      const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
      return (a & mask) == net;
    };
    return in(0x00000000, 8) ||   // "this network"
           in(0x0A000000, 8) ||   // 10/8
           in(0x64400000, 10) ||  // 100.64/10 carrier-grade NAT
           in(0x7F000000, 8) ||   // loopback
           in(0xA9FE0000, 16) ||  // link-local (cloud metadata lives here)
           in(0xAC100000, 12) ||  // 172.16/12
           in(0xC0000000, 24) ||  // IETF protocol assignments
           in(0xC0A80000, 16) ||  // 192.168/16
           in(0xC6120000, 15) ||  // benchmarking
           in(0xE0000000, 4) ||   // multicast
           in(0xF0000000, 4);     // reserved and broadcast
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    const unsigned char* b = v6.s6_addr;
    static constexpr std::array<unsigned char, 16> zero{};
    const bool unspecified = std::equal(b, b + 16, zero.begin());
    const bool loopback = std::equal(b, b + 15, zero.begin()) && b[15] == 1;
    const bool v4_mapped = std::equal(b, b + 10, zero.begin()) && b[10] == 0xff && b[11] == 0xff;
    if (v4_mapped) {
      char mapped[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, b + 12, mapped, sizeof mapped);
      return is_non_public_address(mapped);
    }
    return unspecified || loopback || (b[0] & 0xfe) == 0xfc ||  // unique local fc00::/7
           (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||           // link-local fe80::/10
           b[0] == 0xff;                                        // multicast
  }
  return true;
}

}  // namespace registre::domain
