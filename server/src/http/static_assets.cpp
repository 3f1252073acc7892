#include "http/static_assets.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "crypto/sodium.hpp"

namespace registre::http {

namespace fs = std::filesystem;

std::string content_type_for(const std::string& path) {
  const auto dot = path.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "json") return "application/json";
  if (ext == "woff2") return "font/woff2";
  if (ext == "woff") return "font/woff";
  if (ext == "ttf") return "font/ttf";
  if (ext == "map") return "application/json";
  return "application/octet-stream";
}

bool has_content_hash(const std::string& path) {
  static const std::regex hashed(R"(\.[A-Za-z0-9_-]{8,}\.[a-z0-9]+$)");
  return std::regex_search(path, hashed);
}

Result<StaticAssets> StaticAssets::load(const std::string& dir) {
  StaticAssets assets;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return make_error(ErrorKind::unavailable, "unavailable",
                      "the front-end directory " + dir + " does not exist (see --static-dir)");
  }
  for (const char* sub : {"js", "css", "img", "l10n"}) {
    const fs::path root = fs::path(dir) / sub;
    std::error_code missing;
    if (!fs::is_directory(root, missing)) continue;  // a folder the front end does not use
    for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it); it.increment(ec)) {
      if (!it->is_regular_file()) continue;
      std::ifstream in(it->path(), std::ios::binary);
      std::ostringstream content;
      content << in.rdbuf();
      if (!in.good() && !in.eof()) {
        return make_error(ErrorKind::unavailable, "unavailable",
                          "cannot read " + it->path().string());
      }
      const std::string relative = fs::relative(it->path(), dir).generic_string();
      StaticAsset asset{content.str(), content_type_for(relative), "", has_content_hash(relative)};
      asset.etag = "\"" + crypto::blake2b_256_hex(asset.content).substr(0, 32) + "\"";
      assets.assets_.emplace(relative, std::move(asset));
    }
  }
  if (ec) return make_error(ErrorKind::unavailable, "unavailable", "cannot list " + dir);
  return assets;
}

const StaticAsset* StaticAssets::find(const std::string& path) const {
  auto it = assets_.find(path);
  return it == assets_.end() ? nullptr : &it->second;
}

}  // namespace registre::http
