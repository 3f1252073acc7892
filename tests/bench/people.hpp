#pragma once
// Made-up French members for the bench: names with accents, apostrophes and hyphens, e-mails,
// mobile numbers as people type them, addresses with real postcodes. Deterministic for a seed,
// so two runs measure the same register.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace registre::bench {

struct Person {
  std::string first_name;
  std::string last_name;
  std::string email;     // unique for a generator: "helene.lefevre.1234@orange.fr"
  std::string phone;     // as typed: "06 12 34 56 78"
  std::string address;   // "12 rue Victor-Hugo"
  std::string postcode;  // "75011"
  std::string city;
  int birth_year = 1980, birth_month = 1, birth_day = 1;
};

class PeopleGenerator {
 public:
  explicit PeopleGenerator(std::uint64_t seed);

  // The next person. Surnames follow a Zipf-like law (a few very common, a long tail), as in
  // a real French register; first names likewise, less steeply.
  Person next();

  // A uniformly drawn integer in [low, high].
  int uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  // Three-letter search prefixes that people would type, drawn from the same name lists
  // ("dup", "mar", "lef" ...), folded (no accents); for "D'Almeida" or "Le Gall", the start of
  // the main word ("alm", "gal").
  static std::vector<std::string> search_prefixes();

 private:
  std::mt19937_64 rng_;
  std::discrete_distribution<std::size_t> last_rank_, first_rank_;
  std::uint64_t count_ = 0;
};

}  // namespace registre::bench
