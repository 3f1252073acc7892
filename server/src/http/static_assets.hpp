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

}  // namespace registre::http
