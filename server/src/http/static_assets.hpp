#pragma once
// The front end's files (js/, css/, img/, l10n/), read into memory once at start-up: requests
// never touch the filesystem, so no path can escape the directory.

#include <map>
#include <string>

#include "core/result.hpp"

namespace registre::http {

struct StaticAsset {
  std::string content;
  std::string content_type;
  std::string etag;  // quoted BLAKE2b of the content
  // The name carries a content hash ("main.3fA9_k2b.js", as the front-end build writes them):
  // its content never changes, so browsers may keep it for a year.
  bool immutable = false;
};

class StaticAssets {
 public:
  // Loads every regular file under <dir>/{js,css,img,l10n}. A missing directory is an error:
  // the app would register a script Nextcloud cannot load.
  static Result<StaticAssets> load(const std::string& dir);

  // `path` relative to the root, e.g. "js/registre-main.js". nullptr when unknown.
  const StaticAsset* find(const std::string& path) const;
  std::size_t size() const { return assets_.size(); }

 private:
  std::map<std::string, StaticAsset> assets_;
};

std::string content_type_for(const std::string& path);

// True for "name.<hash of 8 or more letters, digits, _ or ->.ext": the build's hashed files.
bool has_content_hash(const std::string& path);

}  // namespace registre::http
