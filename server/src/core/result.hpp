#pragma once
// Result<T>: a value or an Error. Call sites read `auto r = f(); if (!r) return r.error();`.

#include <cassert>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace registre {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & { assert(ok()); return std::get<T>(state_); }
  const T& value() const& { assert(ok()); return std::get<T>(state_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok()
  const Error& error() const& { assert(!ok()); return std::get<Error>(state_); }
  Error&& error() && { assert(!ok()); return std::get<Error>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

// For operations that return nothing on success.
struct Done {};
using Status = Result<Done>;
inline Status ok_status() { return Done{}; }

}  // namespace registre
