#pragma once
// Runs a shell command (the server binary's sub-commands) and collects its exit status and its
// stdout and stderr together.

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace registre::test_support {

struct CommandResult {
  int status = -1;  // the exit status, -1 when the command ended by a signal
  std::string output;
};

inline CommandResult run_command(const std::string& command) {
  CommandResult r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe))
    r.output += buffer;
  const int raw = ::pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

}  // namespace registre::test_support
