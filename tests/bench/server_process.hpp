#pragma once
// The server the bench and the load test measure: the real binary as a child process
// (test_support::ChildServer), standalone, on a free loopback port, so that load goes over
// sockets as in production and memory is read from /proc.

#include <memory>
#include <string>

#include "core/result.hpp"
#include "test_support/child_server.hpp"

namespace registre::bench {

using ServerProcess = test_support::ChildServer;
using ServerMemory = test_support::ProcessMemory;

// An empty front-end directory, made in `parent`: neither the bench nor the load test asks for
// the pages, and the server refuses to start without the directory (a fresh checkout has no
// built front end).
Result<std::string> empty_static_dir(const std::string& parent);

// Starts `binary --standalone ... --storage <storage_dir> --threads <threads>` with its output in
// `log_path` and an empty front-end directory next to the log, and waits until GET /heartbeat
// answers 200 (30 s at most).
Result<std::unique_ptr<ServerProcess>> start_server(const std::string& binary,
                                                    const std::string& storage_dir, int threads,
                                                    const std::string& log_path);

}  // namespace registre::bench
