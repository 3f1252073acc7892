#include "services/host_addresses.hpp"

#include <netdb.h>
#include <sys/socket.h>

namespace registre::services {

std::vector<std::string> host_addresses(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::vector<std::string> out;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0) return out;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    char text[NI_MAXHOST];
    const bool written =
        getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) == 0;
    out.emplace_back(written ? text : "");
  }
  freeaddrinfo(found);
  return out;
}

}  // namespace registre::services
