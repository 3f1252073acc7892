#include "jobs/job_runner.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>

using namespace registre::jobs;

TEST_CASE("jobs run in order on one thread; periodic jobs run at once and then again") {
  JobRunner runner;
  std::vector<int> order;
  std::mutex m;
  for (int i = 0; i < 5; ++i) {
    runner.enqueue("job", [&, i] {
      std::lock_guard lock(m);
      order.push_back(i);
    });
  }
  runner.drain();
  CHECK(order == std::vector<int>{0, 1, 2, 3, 4});

  std::atomic<int> ticks{0};
  runner.every("tick", std::chrono::milliseconds(20), [&] { ++ticks; });
  for (int i = 0; i < 200 && ticks < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(ticks >= 3);
  runner.stop();
  const int after_stop = ticks;
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  CHECK(ticks == after_stop);
  CHECK_FALSE(runner.enqueue("late", [] {}));
}

TEST_CASE("a job that throws does not stop the runner") {
  JobRunner runner;
  std::atomic<bool> ran{false};
  runner.enqueue("boom", [] { throw std::runtime_error("boom"); });
  runner.enqueue("after", [&] { ran = true; });
  runner.drain();
  CHECK(ran);
}

TEST_CASE("drain waits for the first run of a periodic job just added") {
  JobRunner runner;
  std::atomic<int> runs{0};
  runner.every("slow first run", std::chrono::hours(1), [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ++runs;
  });
  runner.drain();
  CHECK(runs == 1);
}
