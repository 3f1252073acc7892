#include "http/guess_limiter.hpp"

namespace registre::http {

GuessLimiter::Window& GuessLimiter::current(Window& w, TimePoint now) {
  if (w.count == 0 || now >= w.start + options_.window) w = Window{now, 0};
  return w;
}

std::chrono::seconds GuessLimiter::remaining(const Window& w, TimePoint now) const {
  auto left = std::chrono::ceil<std::chrono::seconds>(w.start + options_.window - now);
  return left < std::chrono::seconds(1) ? std::chrono::seconds(1) : left;
}

std::optional<std::chrono::seconds> GuessLimiter::blocked(const std::string& client) {
  const TimePoint now = clock_.now();
  std::lock_guard lock(mutex_);
  std::optional<std::chrono::seconds> wait;
  if (Window& total = current(total_, now); total.count >= options_.in_total) {
    wait = remaining(total, now);
  }
  if (auto it = clients_.find(client); it != clients_.end()) {
    Window& w = current(it->second, now);
    if (w.count >= options_.per_client) {
      const auto left = remaining(w, now);
      if (!wait || left > *wait) wait = left;
    }
  }
  return wait;
}

void GuessLimiter::failed(const std::string& client) {
  const TimePoint now = clock_.now();
  std::lock_guard lock(mutex_);
  ++current(total_, now).count;
  if (!clients_.count(client) && clients_.size() >= options_.max_clients) forget_old_clients(now);
  ++current(clients_[client], now).count;
}

void GuessLimiter::forget_old_clients(TimePoint now) {
  for (auto it = clients_.begin(); it != clients_.end();) {
    if (now >= it->second.start + options_.window)
      it = clients_.erase(it);
    else
      ++it;
  }
  // Still full (a flood of fresh addresses): forget them all rather than grow without bound;
  // the total count still holds the flood back.
  if (clients_.size() >= options_.max_clients) clients_.clear();
}

}  // namespace registre::http
