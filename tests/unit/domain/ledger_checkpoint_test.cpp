#include "domain/ledger_checkpoint.hpp"

#include <doctest/doctest.h>

using namespace registre::domain;

TEST_CASE("the checkpoint message is the documented length-prefixed encoding") {
  LedgerCheckpoint c;
  c.organization_id = 2;
  c.seq = 140;
  c.head_hash = std::string(64, 'a');
  c.signed_at = "2026-11-29T10:00:00.000Z";
  c.public_key = "not signed";  // the key and signature are not part of what is signed
  CHECK(checkpoint_message(c) == "registre-ledger-checkpoint-v1\n1:2\n3:140\n64:" +
                                     std::string(64, 'a') + "\n24:2026-11-29T10:00:00.000Z\n");
}
