#pragma once
// Establishes the actor of an incoming request. One implementation per mode; the router applies
// it to every route that needs a credential (all but /heartbeat).

#include <string>

#include <httplib.h>

#include "auth/actor.hpp"
#include "core/result.hpp"

namespace registre::http {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  virtual Result<auth::Actor> authenticate(const httplib::Request& req) const = 0;
};

// Nextcloud mode: the AppAPI headers, checked against APP_ID and APP_SECRET.
class AppApiAuthenticator final : public Authenticator {
 public:
  AppApiAuthenticator(std::string app_id, std::string secret)
      : app_id_(std::move(app_id)), secret_(std::move(secret)) {}
  Result<auth::Actor> authenticate(const httplib::Request& req) const override;

 private:
  std::string app_id_;
  std::string secret_;
};

// Standalone mode (loopback only): every request is the fixed local administrator.
class StandaloneAuthenticator final : public Authenticator {
 public:
  explicit StandaloneAuthenticator(std::string local_user) : local_user_(std::move(local_user)) {}
  Result<auth::Actor> authenticate(const httplib::Request& req) const override;

 private:
  std::string local_user_;
};

}  // namespace registre::http
