#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "core/log.hpp"
#include "crypto/sodium.hpp"

int main(int argc, char** argv) {
  if (!registre::crypto::initialize()) return 1;
  // Tests assert on behaviour, not on log lines; keep the output readable.
  registre::log::set_level(registre::log::Level::error);
  doctest::Context context(argc, argv);
  return context.run();
}
