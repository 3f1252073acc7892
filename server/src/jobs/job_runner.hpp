#pragma once
// One background thread that runs jobs in order: the init work now, retention sweeps and outbox
// delivery later. Jobs never run on HTTP threads, so a slow Nextcloud never blocks a request.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace registre::jobs {

class JobRunner {
 public:
  JobRunner();
  ~JobRunner();  // stop()s
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Queues `job`; `name` goes into the logs. Returns false once stopping.
  bool enqueue(std::string name, std::function<void()> job);

  // Runs `job` now and then every `interval` (queued like any other job, so never two at once).
  void every(std::string name, std::chrono::milliseconds interval, std::function<void()> job);

  // Lets the running job finish, drops the queued ones (logged: they are in-memory only and
  // will be redone by whoever asked, e.g. Nextcloud calls /init again), and joins the thread.
  void stop();

  // Waits until the queue is empty, no job runs and no periodic job is due (tests).
  void drain();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::pair<std::string, std::function<void()>>> queue_;
  struct Periodic {
    std::string name;
    std::chrono::milliseconds interval;
    std::function<void()> job;
    std::chrono::steady_clock::time_point due;
  };
  std::vector<Periodic> periodic_;
  bool stopping_ = false;
  bool busy_ = false;
  std::thread thread_;
};

}  // namespace registre::jobs
