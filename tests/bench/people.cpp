#include "people.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "domain/search_text.hpp"

namespace registre::bench {
namespace {

// The most frequent French surnames first (the order matters: weights fall with the rank),
// then a tail with the accents, particles, apostrophes and hyphens real registers hold.
const std::vector<std::string>& last_names() {
  static const std::vector<std::string> names = {
      "Martin",       "Bernard",    "Thomas",     "Petit",        "Robert",     "Richard",
      "Durand",       "Dubois",     "Moreau",     "Laurent",      "Simon",      "Michel",
      "Lefèvre",      "Leroy",      "Roux",       "David",        "Bertrand",   "Morel",
      "Fournier",     "Girard",     "Bonnet",     "Dupont",       "Lambert",    "Fontaine",
      "Rousseau",     "Vincent",    "Müller",     "Lefebvre",     "Faure",      "André",
      "Mercier",      "Blanc",      "Guérin",     "Boyer",        "Garnier",    "Chevalier",
      "François",     "Legrand",    "Gauthier",   "Garcia",       "Perrin",     "Robin",
      "Clément",      "Morin",      "Nicolas",    "Henry",        "Roussel",    "Mathieu",
      "Gautier",      "Masson",     "Marchand",   "Duval",        "Denis",      "Dumont",
      "Marie",        "Lemaire",    "Noël",       "Meyer",        "Dufour",     "Meunier",
      "Brun",         "Blanchard",  "Giraud",     "Joly",         "Rivière",    "Lucas",
      "Brunet",       "Gaillard",   "Barbier",    "Arnaud",       "Martínez",   "Gérard",
      "Roche",        "Renard",     "Schmitt",    "Roy",          "Leroux",     "Colin",
      "Vidal",        "Caron",      "Picard",     "Roger",        "Fabre",      "Aubert",
      "Lemoine",      "Renaud",     "Dumas",      "Lacroix",      "Olivier",    "Philippe",
      "Bourgeois",    "Pierre",     "Benoît",     "Rey",          "Leclerc",    "Payet",
      "Rolland",      "Leclercq",   "Guillaume",  "Lecomte",      "Lopez",      "Jean",
      "Dupuy",        "Guillot",    "Hubert",     "Berger",       "Carpentier", "Sanchez",
      "Dupuis",       "Moulin",     "Louis",      "Deschamps",    "Huet",       "Vasseur",
      "Perez",        "Boucher",    "Fleury",     "Royer",        "Klein",      "Jacquet",
      "Adam",         "Paris",      "Poirier",    "Marty",        "Aubry",      "Guyot",
      "Carré",        "Charles",    "Renault",    "Charpentier",  "Ménard",     "Maillard",
      "Baron",        "Bertin",     "Bailly",     "Hervé",        "Schneider",  "Fernandez",
      "Le Gall",      "Collet",     "Léger",      "Bouvier",      "Julien",     "Prévost",
      "Millet",       "Perrot",     "Daniel",     "Le Roux",      "Cousin",     "Germain",
      "Breton",       "Besson",     "Langlois",   "Rémy",         "Le Goff",    "Pelletier",
      "Lévêque",      "Perrier",    "Leblanc",    "Barré",        "Lebrun",     "Marchal",
      "Weber",        "Mallet",     "Hamon",      "Boulanger",    "Jacob",      "Monnier",
      "Michaud",      "Rodriguez",  "Guichard",   "Gillet",       "Étienne",    "Grondin",
      "Poulain",      "Tessier",    "Chevallier", "Collin",       "Chauvin",    "Da Silva",
      "Bouchet",      "Gay",        "Lemaître",   "Bénard",       "Maréchal",   "Humbert",
      "Reynaud",      "Antoine",    "Hoarau",     "Perret",       "Barthélemy", "Cordier",
      "Pichon",       "Lejeune",    "Gilbert",    "Lamy",         "Delaunay",   "Pasquier",
      "Carlier",      "Laporte",    "D'Almeida",  "N'Diaye",      "De Sousa",   "Lefèvre-Durand",
      "Saint-Martin", "Côté",       "Pâris",      "Crémieux",     "Chéreau",    "Bézier",
      "Forêt",        "Héraud",     "Lœuillet",   "Thébault",     "Le Bihan",   "Ollivier",
      "O'Neill",      "Dos Santos", "Nguyễn",     "Benoît-Lizon", "Zoë",        "Åberg"};
  return names;
}

const std::vector<std::string>& first_names() {
  static const std::vector<std::string> names = {
      "Marie",         "Jean",         "Nathalie",  "Pierre",      "Isabelle",     "Michel",
      "Sylvie",        "Philippe",     "Catherine", "Alain",       "Françoise",    "Nicolas",
      "Sophie",        "Christophe",   "Stéphanie", "Patrick",     "Valérie",      "Daniel",
      "Sandrine",      "Frédéric",     "Céline",    "Laurent",     "Véronique",    "Stéphane",
      "Christine",     "Éric",         "Hélène",    "David",       "Julie",        "Sébastien",
      "Aurélie",       "Thierry",      "Émilie",    "Olivier",     "Camille",      "Julien",
      "Léa",           "Jérôme",       "Chloé",     "François",    "Manon",        "Thomas",
      "Inès",          "Lucas",        "Zoé",       "Hugo",        "Maëlle",       "Louis",
      "Anaïs",         "Raphaël",      "Gaëlle",    "Loïc",        "Cécile",       "Cédric",
      "Agnès",         "Benoît",       "Thérèse",   "Joël",        "Ségolène",     "Noël",
      "Mélanie",       "Jérémy",       "Élodie",    "Grégory",     "Océane",       "Arnaud",
      "Clémence",      "Rémi",         "Bérénice",  "Théo",        "Josée",        "Gérard",
      "Geneviève",     "René",         "Andrée",    "Jean-Pierre", "Marie-Claire", "Anne-Sophie",
      "Jean-François", "Marie-Hélène", "Hervé",     "Aïcha",       "Mohamed",      "Fatoumata",
      "Yannick",       "Gwenaëlle",    "Maël",      "Solène",      "Noémie",       "Adèle",
      "Léon",          "Capucine",     "Héloïse",   "Timothée",    "Perrine",      "Anouk",
      "Lény",          "Ambre",        "Jade",      "Nolan"};
  return names;
}

struct Place {
  const char* postcode;
  const char* city;
};

const std::vector<Place>& places() {
  static const std::vector<Place> p = {{"75011", "Paris"},         {"75018", "Paris"},
                                       {"75015", "Paris"},         {"69003", "Lyon"},
                                       {"69007", "Lyon"},          {"13005", "Marseille"},
                                       {"13008", "Marseille"},     {"31000", "Toulouse"},
                                       {"06000", "Nice"},          {"44000", "Nantes"},
                                       {"34000", "Montpellier"},   {"67000", "Strasbourg"},
                                       {"33000", "Bordeaux"},      {"59000", "Lille"},
                                       {"35000", "Rennes"},        {"51100", "Reims"},
                                       {"42000", "Saint-Étienne"}, {"83000", "Toulon"},
                                       {"76600", "Le Havre"},      {"38000", "Grenoble"},
                                       {"21000", "Dijon"},         {"49000", "Angers"},
                                       {"30000", "Nîmes"},         {"63000", "Clermont-Ferrand"},
                                       {"72000", "Le Mans"},       {"13100", "Aix-en-Provence"},
                                       {"29200", "Brest"},         {"37000", "Tours"},
                                       {"87000", "Limoges"},       {"80000", "Amiens"},
                                       {"66000", "Perpignan"},     {"57000", "Metz"},
                                       {"25000", "Besançon"},      {"45000", "Orléans"},
                                       {"68100", "Mulhouse"},      {"76000", "Rouen"},
                                       {"14000", "Caen"},          {"54000", "Nancy"},
                                       {"97400", "Saint-Denis"},   {"20000", "Ajaccio"},
                                       {"64200", "Biarritz"},      {"74000", "Annecy"},
                                       {"17000", "La Rochelle"},   {"22300", "Lannion"},
                                       {"04300", "Forcalquier"},   {"26110", "Nyons"},
                                       {"48000", "Mende"},         {"09000", "Foix"}};
  return p;
}

const std::vector<std::string>& streets() {
  static const std::vector<std::string> s = {
      "rue Victor-Hugo",       "rue de la République",   "avenue Jean-Jaurès",
      "place de l'Église",     "chemin des Écoliers",    "rue du Général-de-Gaulle",
      "boulevard Gambetta",    "impasse des Lilas",      "allée des Châtaigniers",
      "rue Pasteur",           "route de Saint-Étienne", "quai de la Loire",
      "rue Émile-Zola",        "avenue de la Gare",      "rue des Prés",
      "lotissement Les Hêtres"};
  return s;
}

const std::vector<std::string>& mail_domains() {
  static const std::vector<std::string> d = {
      "orange.fr",  "free.fr",    "gmail.com", "laposte.net", "sfr.fr",
      "wanadoo.fr", "hotmail.fr", "yahoo.fr",  "outlook.fr",  "protonmail.com"};
  return d;
}

std::discrete_distribution<std::size_t> zipf(std::size_t n, double exponent) {
  std::vector<double> weights;
  for (std::size_t rank = 1; rank <= n; ++rank)
    weights.push_back(1.0 / std::pow(double(rank), exponent));
  return std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
}

// "Lefèvre-Durand" -> "lefevre-durand" (letters, digits, '-' only), for the e-mail's local part.
std::string mail_word(const std::string& name) {
  std::string out;
  for (char ch : domain::fold_for_search(name)) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
      out.push_back(ch);
    else if (ch == ' ' && !out.empty() && out.back() != '-')
      out.push_back('-');
  }
  if (out.empty()) out.push_back('x');
  return out;
}

std::string two_digits(int n) {
  return std::string(1, char('0' + n / 10)) + char('0' + n % 10);
}

}  // namespace

PeopleGenerator::PeopleGenerator(std::uint64_t seed)
    : rng_(seed),
      last_rank_(zipf(last_names().size(), 0.9)),
      first_rank_(zipf(first_names().size(), 0.6)) {}

Person PeopleGenerator::next() {
  Person p;
  p.last_name = last_names()[last_rank_(rng_)];
  p.first_name = first_names()[first_rank_(rng_)];
  if (chance(0.03)) p.last_name = p.last_name + "-" + last_names()[last_rank_(rng_)];
  ++count_;
  const auto& domains = mail_domains();
  p.email = mail_word(p.first_name) + "." + mail_word(p.last_name) + "." + std::to_string(count_) +
            "@" + domains[std::size_t(uniform(0, int(domains.size()) - 1))];
  p.phone = (chance(0.7) ? "06" : "07");
  for (int i = 0; i < 4; ++i) {
    p.phone += ' ';
    p.phone += two_digits(uniform(0, 99));
  }
  p.address = std::to_string(uniform(1, 180)) + (chance(0.05) ? " bis " : " ") +
              streets()[std::size_t(uniform(0, int(streets().size()) - 1))];
  const Place& place = places()[std::size_t(uniform(0, int(places().size()) - 1))];
  p.postcode = place.postcode;
  p.city = place.city;
  p.birth_year = uniform(1938, 2018);
  p.birth_month = uniform(1, 12);
  p.birth_day = uniform(1, 28);
  return p;
}

std::vector<std::string> PeopleGenerator::search_prefixes() {
  // Prefixes of surnames across the frequency range, and of first names: what a secretary types
  // to find someone. Each is kept once.
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add_from = [&](const std::vector<std::string>& names, std::size_t step) {
    for (std::size_t i = 0; i < names.size(); i += step) {
      // The first word of three letters or more: "d almeida" -> "alm", "le gall" -> "gal".
      const std::string folded = domain::fold_for_search(names[i]) + " ";
      std::string word;
      for (char ch : folded) {
        if (ch != ' ') {
          word.push_back(ch);
        } else if (word.size() >= 3) {
          break;
        } else {
          word.clear();
        }
      }
      const std::string prefix = word.substr(0, 3);
      const bool ascii =
          std::all_of(prefix.begin(), prefix.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; });
      if (prefix.size() == 3 && ascii && seen.insert(prefix).second) out.push_back(prefix);
    }
  };
  add_from(last_names(), 3);
  add_from(first_names(), 5);
  return out;
}

}  // namespace registre::bench
