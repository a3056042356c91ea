// Static asset handler. Path checks happen twice on purpose: the relative path is rejected
// lexically ("..", absolute, empty segments) and the canonical file must still lie below the
// canonical root, which catches symlinks that point out.

#include "http/static_files.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "http/form.h"

namespace amtsweg::http {
namespace {

namespace fs = std::filesystem;

struct CachedFile {
  std::string body;
  std::string etag;
  std::string_view content_type;
};

constexpr std::size_t kMaxCacheBytes = 64 * 1024 * 1024;

class StaticFileStore final {
 public:
  StaticFileStore(std::string root_dir, StaticFilesOptions options) : options_(std::move(options)) {
    std::error_code ec;
    const fs::path canonical = fs::canonical(root_dir, ec);
    if (!ec) root_ = canonical.string();  // a missing root serves nothing (every path is a 404)
  }

  Response Handle(const Request& request) {
    if (request.method != Method::kGet && request.method != Method::kHead) {
      Response response = TextResponse(405, "Method Not Allowed");
      response.headers.push_back({"Allow", "GET, HEAD"});
      return response;
    }
    const std::shared_ptr<const CachedFile> file = Lookup(request.Param(options_.param));
    if (!file) return TextResponse(404, "Not Found");

    Response response;
    response.content_type = std::string(file->content_type);
    response.headers.push_back({"ETag", file->etag});
    response.headers.push_back({"Cache-Control", CacheControl(request.query)});
    if (IfNoneMatchHits(request.GetHeader("If-None-Match"), file->etag)) {
      response.status = 304;
      return response;
    }
    response.body = file->body;
    return response;
  }

 private:
  std::shared_ptr<const CachedFile> Lookup(std::string_view relative) {
    const std::string key(relative);
    {
      std::lock_guard lock(mutex_);
      if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    }
    auto file = Load(relative);
    if (!file) return nullptr;
    std::lock_guard lock(mutex_);
    if (cached_bytes_ + file->body.size() <= kMaxCacheBytes && !cache_.count(key)) {
      cached_bytes_ += file->body.size();
      cache_.emplace(key, file);
    }
    return file;
  }

  std::shared_ptr<const CachedFile> Load(std::string_view relative) const {
    const auto path = ResolveStaticPath(root_, relative);
    if (!path) return nullptr;
    std::error_code ec;
    const auto size = fs::file_size(*path, ec);
    if (ec || size > options_.max_file_bytes) return nullptr;
    std::ifstream in(*path, std::ios::binary);
    if (!in) return nullptr;
    auto file = std::make_shared<CachedFile>();
    file->body.resize(size);
    in.read(file->body.data(), static_cast<std::streamsize>(size));
    file->body.resize(static_cast<std::size_t>(in.gcount()));
    file->etag = StrongETag(file->body);
    file->content_type = ContentTypeFor(*path);
    return file;
  }

  std::string CacheControl(std::string_view query) const {
    bool versioned = false;
    if (auto fields = ParseQuery(query)) {
      for (const auto& [key, value] : *fields) versioned = versioned || (key == "v" && !value.empty());
    }
    if (versioned)
      return "public, max-age=" + std::to_string(options_.immutable_max_age.count()) + ", immutable";
    return "public, max-age=" + std::to_string(options_.max_age.count());
  }

  std::string root_;  // canonical, empty when the root does not exist
  StaticFilesOptions options_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const CachedFile>> cache_;  // GUARDED_BY(mutex_)
  std::size_t cached_bytes_ = 0;                                              // GUARDED_BY(mutex_)
};

bool EndsWithIgnoreCase(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    char c = text[text.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

}  // namespace

Handler StaticFiles(std::string root_dir) { return StaticFiles(std::move(root_dir), StaticFilesOptions{}); }

Handler StaticFiles(std::string root_dir, StaticFilesOptions options) {
  // std::function needs a copyable callable; the store (and its cache) is shared by the copies.
  auto store = std::make_shared<StaticFileStore>(std::move(root_dir), std::move(options));
  return [store](const Request& request) { return store->Handle(request); };
}

std::optional<std::string> ResolveStaticPath(const std::string& canonical_root, std::string_view relative) {
  if (canonical_root.empty() || relative.empty() || relative.front() == '/') return std::nullopt;
  if (relative.find('\0') != std::string_view::npos) return std::nullopt;
  std::string_view rest = relative;
  while (true) {
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment.empty() || segment == "." || segment == "..") return std::nullopt;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  std::error_code ec;
  const fs::path canonical = fs::canonical(fs::path(canonical_root) / fs::path(relative), ec);
  if (ec) return std::nullopt;
  std::string result = canonical.string();
  if (result.size() <= canonical_root.size() ||
      result.compare(0, canonical_root.size(), canonical_root) != 0 || result[canonical_root.size()] != '/') {
    return std::nullopt;
  }
  if (!fs::is_regular_file(canonical, ec) || ec) return std::nullopt;
  return result;
}

std::string_view ContentTypeFor(std::string_view filename) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".woff2", "font/woff2"},
      {".ico", "image/vnd.microsoft.icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".json", "application/json"},
      {".html", "text/html; charset=utf-8"},
      {".map", "application/json"},
  };
  for (const auto& [extension, type] : kTypes) {
    if (EndsWithIgnoreCase(filename, extension)) return type;
  }
  return "application/octet-stream";
}

std::string StrongETag(std::string_view content) {
  // FNV-1a, 64 bit: fast and stable; ETags only need to change when content changes.
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : content) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string etag = "\"";
  for (int shift = 60; shift >= 0; shift -= 4) etag += kHex[(hash >> shift) & 0xF];
  etag += '"';
  return etag;
}

bool IfNoneMatchHits(std::string_view header, std::string_view etag) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    std::string_view candidate = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    if (candidate == "*") return true;
    if (candidate.substr(0, 2) == "W/") candidate.remove_prefix(2);  // weak comparison
    if (!candidate.empty() && candidate == etag) return true;
  }
  return false;
}

}  // namespace amtsweg::http
