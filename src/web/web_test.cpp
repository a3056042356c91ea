// Finding the web root and checking its assets; the routes the Web registers.

#include "web/web.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace amtsweg::web {
namespace {

namespace fs = std::filesystem;

class TempRoot {
 public:
  TempRoot() {
    path_ = fs::temp_directory_path() /
            ("amtsweg-web-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempRoot() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  void Write(const std::string& relative, const std::string& content) {
    fs::create_directories((path_ / relative).parent_path());
    std::ofstream(path_ / relative) << content;
  }
  void Complete() {
    Write(std::string(kKernDist) + "/kern.min.css", "kern");
    Write(std::string(kKernDist) + "/fonts/fira-sans.css", "fonts");
    Write(std::string(kStaticDir) + "/amtsweg.css", "css");
    Write(std::string(kStaticDir) + "/amtsweg.js", "// js");
    Write(std::string(kJsonLogicDir) + "/logic.js", "// json-logic");
  }
  std::string Path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

TEST(WebRootTest, TheSourceTreeIsComplete) {
  EXPECT_TRUE(MissingAssets(AMTSWEG_SOURCE_DIR).empty()) << "run npm ci in the source tree";
}

TEST(WebRootTest, MissingKernIsNamedInTheError) {
  TempRoot root;
  root.Write(std::string(kStaticDir) + "/amtsweg.css", "css");
  auto located = LocateWebRoot(root.Path(), {});
  ASSERT_FALSE(located);
  EXPECT_NE(located.error().find("node_modules/@kern-ux/native/dist/kern.min.css"), std::string::npos);
  EXPECT_NE(located.error().find("npm ci"), std::string::npos);
  EXPECT_NE(located.error().find(root.Path()), std::string::npos);
}

TEST(WebRootTest, FirstCompleteCandidateWins) {
  TempRoot empty, complete, also_complete;
  complete.Complete();
  also_complete.Complete();
  auto located = LocateWebRoot(std::nullopt, {empty.Path(), complete.Path(), also_complete.Path()});
  ASSERT_TRUE(located) << located.error();
  EXPECT_EQ(*located, complete.Path());
  EXPECT_FALSE(LocateWebRoot(std::nullopt, {empty.Path()}));
  EXPECT_FALSE(LocateWebRoot(std::nullopt, {}));
  // An explicit root is never replaced by a candidate.
  EXPECT_FALSE(LocateWebRoot(empty.Path(), {complete.Path()}));
}

TEST(WebRootTest, DefaultsIncludeTheCurrentDirectoryAndTheBinarysParents) {
  auto roots = DefaultWebRoots();
  ASSERT_GE(roots.size(), 4u);
  EXPECT_EQ(roots.front(), fs::current_path().string());
}

TEST(WebRootTest, AssetVersionFollowsTheContent) {
  TempRoot a, b;
  a.Complete();
  b.Complete();
  EXPECT_EQ(AssetVersion(a.Path()), AssetVersion(b.Path()));
  EXPECT_EQ(AssetVersion(a.Path()).size(), 16u);
  b.Write(std::string(kStaticDir) + "/amtsweg.css", "changed");
  EXPECT_NE(AssetVersion(a.Path()), AssetVersion(b.Path()));
  TempRoot empty;
  EXPECT_EQ(AssetVersion(empty.Path()), "");
}

}  // namespace
}  // namespace amtsweg::web
