// Static files against a real temporary directory: content types, ETag/304, cache headers,
// and every way out of the root (dots, absolute paths, symlinks) ending in 404.

#include "http/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace amtsweg::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/amtsweg-static-XXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    base_ = templ;
    root_ = base_ / "root";
    fs::create_directories(root_ / "css");
    fs::create_directories(root_ / "empty-dir");
    Write(root_ / "css" / "site.css", "body{color:red}");
    Write(root_ / "app.js", "console.log(1)");
    Write(root_ / "bin.woff2", std::string("\0\1\2", 3));
    Write(root_ / "big.txt", std::string(2000, 'x'));
    Write(base_ / "secret.txt", "top secret");
    fs::create_symlink(base_ / "secret.txt", root_ / "link-out.txt");
    fs::create_symlink(root_ / "app.js", root_ / "link-in.js");
    fs::create_directory_symlink(base_, root_ / "dir-out");
  }
  void TearDown() override { fs::remove_all(base_); }

  static void Write(const fs::path& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
  }

  Response Get(const Handler& handler, std::string relative, std::string query = "",
               std::string if_none_match = "") {
    Request request;
    request.method = Method::kGet;
    request.query = std::move(query);
    request.params = {{"path", std::move(relative)}};
    if (!if_none_match.empty()) request.headers.push_back({"If-None-Match", if_none_match});
    return handler(request);
  }

  static std::string HeaderOf(const Response& response, std::string_view name) {
    for (const auto& header : response.headers) {
      if (header.name == name) return header.value;
    }
    return {};
  }

  fs::path base_;
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypeAndCacheHeaders) {
  const Handler handler = StaticFiles(root_.string());
  const Response css = Get(handler, "css/site.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.body, "body{color:red}");
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
  EXPECT_EQ(HeaderOf(css, "Cache-Control"), "public, max-age=3600");
  EXPECT_EQ(HeaderOf(css, "ETag"), StrongETag("body{color:red}"));

  const Response versioned = Get(handler, "css/site.css", "v=abc123");
  EXPECT_EQ(HeaderOf(versioned, "Cache-Control"), "public, max-age=31536000, immutable");

  const Response font = Get(handler, "bin.woff2");
  EXPECT_EQ(font.body, std::string("\0\1\2", 3));
  EXPECT_EQ(font.content_type, "font/woff2");
  EXPECT_EQ(Get(handler, "link-in.js").body, "console.log(1)");  // symlink inside the root is fine
}

TEST_F(StaticFilesTest, IfNoneMatchGives304) {
  const Handler handler = StaticFiles(root_.string());
  const std::string etag = HeaderOf(Get(handler, "app.js"), "ETag");
  const Response not_modified = Get(handler, "app.js", "", etag);
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());
  EXPECT_EQ(HeaderOf(not_modified, "ETag"), etag);
  EXPECT_EQ(Get(handler, "app.js", "", "\"other\", W/" + etag).status, 304);
  EXPECT_EQ(Get(handler, "app.js", "", "*").status, 304);
  EXPECT_EQ(Get(handler, "app.js", "", "\"other\"").status, 200);
}

TEST_F(StaticFilesTest, EscapesAndNonFilesAre404) {
  const Handler handler = StaticFiles(root_.string());
  const std::vector<std::string> bad = {
      "",
      "../secret.txt",
      "css/../../secret.txt",
      "./app.js",
      "css//site.css",
      "/etc/passwd",
      base_.string() + "/secret.txt",
      "link-out.txt",
      "dir-out/secret.txt",
      "empty-dir",
      "css",
      "css/",
      "missing.css",
      "%2e%2e/secret.txt",
      std::string("app.js\0", 7),
  };
  for (const auto& relative : bad) {
    EXPECT_EQ(Get(handler, relative).status, 404) << testing::PrintToString(relative);
  }
}

TEST_F(StaticFilesTest, LimitsAndMethods) {
  StaticFilesOptions options;
  options.max_file_bytes = 1000;
  const Handler handler = StaticFiles(root_.string(), options);
  EXPECT_EQ(Get(handler, "big.txt").status, 404);
  Request post;
  post.method = Method::kPost;
  post.params = {{"path", "app.js"}};
  const Response response = handler(post);
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(HeaderOf(response, "Allow"), "GET, HEAD");
  EXPECT_EQ(Get(StaticFiles((base_ / "missing").string()), "app.js").status, 404);
}

TEST_F(StaticFilesTest, ServesFromMemoryAfterFirstRead) {
  const Handler handler = StaticFiles(root_.string());
  EXPECT_EQ(Get(handler, "app.js").body, "console.log(1)");
  Write(root_ / "app.js", "changed");
  EXPECT_EQ(Get(handler, "app.js").body, "console.log(1)");
}

TEST(StaticFilesPureTest, ContentTypes) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a.css", "text/css; charset=utf-8"},
      {"a.js", "text/javascript; charset=utf-8"},
      {"a.svg", "image/svg+xml"},
      {"A.PNG", "image/png"},
      {"f.woff2", "font/woff2"},
      {"favicon.ico", "image/vnd.microsoft.icon"},
      {"r.txt", "text/plain; charset=utf-8"},
      {"d.json", "application/json"},
      {"i.html", "text/html; charset=utf-8"},
      {"x.exe", "application/octet-stream"},
      {"noext", "application/octet-stream"},
      {"css", "application/octet-stream"},
  };
  for (const auto& [name, type] : cases) EXPECT_EQ(ContentTypeFor(name), type) << name;
}

TEST(StaticFilesPureTest, ETagIsStrongAndContentBased) {
  EXPECT_EQ(StrongETag("a"), StrongETag("a"));
  EXPECT_NE(StrongETag("a"), StrongETag("b"));
  EXPECT_EQ(StrongETag("").size(), 18u);
  EXPECT_EQ(StrongETag("").front(), '"');
  EXPECT_FALSE(IfNoneMatchHits("", StrongETag("a")));
  EXPECT_FALSE(IfNoneMatchHits(" , ", StrongETag("a")));
}

}  // namespace
}  // namespace amtsweg::http
