#include "http/member_json.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "http/representations.hpp"

using namespace registre;

namespace {

std::string nlohmann_text(const domain::Member& m) {
  return http::to_json(m).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string direct_text(const domain::Member& m) {
  std::string out;
  http::append_member_json(out, m);
  return out;
}

}  // namespace

TEST_CASE("a member written directly is byte for byte the nlohmann::json text") {
  domain::Member bare;
  bare.id = 1;
  bare.organization_id = 1;
  bare.number = 1;
  bare.last_name = "Martin";
  bare.created_at = bare.updated_at = "2026-11-29T04:00:00.000Z";
  CHECK(direct_text(bare) == nlohmann_text(bare));

  domain::Member full = bare;
  full.id = 123456789012;
  full.number = 42;
  full.first_name = "Hélène \"Léna\"";
  full.last_name = "O'Brien; DROP TABLE members;-- 🎉 Œuf";
  full.email = "helene@example.org";
  full.phone = "+33612345678";
  full.address = "3 rue des Lilas\nBâtiment B\tporte 2\\4";
  full.postcode = "75011";
  full.city = "Paris";
  full.country = "FR";
  full.birth_date = "1980-02-29";
  full.nextcloud_user = "helene";
  full.notes = std::string("control \x01\x1f and \b\f\r end", 20) + " \x7f";
  full.household_id = 7;
  full.admitted_on = "2020-09-01";
  full.left_on = "2026-08-31";
  full.status = "former";
  full.restricted = true;
  full.custom =
      nlohmann::json{{"tshirt", "M"}, {"skills", {"a", "b"}}, {"n", 2.5}, {"ok", true}}.dump();
  full.version = 17;
  CHECK(direct_text(full) == nlohmann_text(full));

  // Bytes that are not UTF-8 (never stored by the API) are replaced the same way.
  domain::Member broken = bare;
  broken.last_name = "Caf\xe9";
  broken.city = std::string("\xff\xfe", 2);
  CHECK(direct_text(broken) == nlohmann_text(broken));
  CHECK(nlohmann::json::parse(direct_text(broken))["lastName"] == "Caf\xef\xbf\xbd");
}

TEST_CASE("JSON strings are escaped as nlohmann::json escapes them") {
  for (const std::string& text :
       {std::string(""), std::string("plain"), std::string("\"\\/"), std::string("\x00\x02", 2),
        std::string("é€😀"), std::string("tab\there")}) {
    std::string out;
    http::append_json_string(out, text);
    CHECK(out == nlohmann::json(text).dump());
    CHECK(nlohmann::json::parse(out).get<std::string>() == text);
  }
}
