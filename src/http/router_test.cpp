// Table-driven tests of route matching: literals, parameters, catch-all, 404 vs 405, HEAD.

#include "http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace amtsweg::http {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

Handler Named(std::string name) {
  return [name](const Request&) { return TextResponse(200, name); };
}

Router MakeRouter() {
  Router router;
  router.Get("/", Named("root"));
  router.Get("/healthz", Named("healthz"));
  router.Get("/a", Named("a"));
  router.Get("/a/", Named("a-slash"));
  router.Get("/api/v1/processes/{process}", Named("process"));
  router.Post("/api/v1/processes/{process}", Named("process-post"));
  router.Get("/api/v1/processes/new", Named("process-new"));
  router.Add(Method::kDelete, "/api/v1/processes/{process}/drafts/{draft}", Named("draft-delete"));
  router.Get("/static/{path...}", Named("static"));
  router.Get("/static/special.css", Named("special"));
  router.Add(Method::kHead, "/head-only", Named("head-only"));
  router.Get("/head-only", Named("head-only-get"));
  router.AddAsync(Method::kPost, "/async", [](const Request&, Reply reply) { reply(TextResponse(200, "")); });
  return router;
}

struct Case {
  Method method;
  std::string path;
  int status;
  std::string handler;  // body produced by the matched handler, or Allow header for 405
  Params params;
};

TEST(RouterTest, Table) {
  const Router router = MakeRouter();
  const std::vector<Case> cases = {
      {Method::kGet, "/", 200, "root", {}},
      {Method::kGet, "/healthz", 200, "healthz", {}},
      {Method::kHead, "/healthz", 200, "healthz", {}},
      {Method::kGet, "/healthz/", 404, "", {}},
      {Method::kGet, "/a", 200, "a", {}},
      {Method::kGet, "/a/", 200, "a-slash", {}},
      {Method::kGet, "/A", 404, "", {}},
      {Method::kGet, "//a", 404, "", {}},
      {Method::kGet, "", 404, "", {}},
      {Method::kGet, "a", 404, "", {}},
      {Method::kGet, "/nope", 404, "", {}},
      {Method::kGet, "/api/v1/processes/hund", 200, "process", {{"process", "hund"}}},
      {Method::kGet, "/api/v1/processes/hund/", 404, "", {}},
      {Method::kGet, "/api/v1/processes/", 404, "", {}},
      {Method::kGet, "/api/v1/processes/new", 200, "process-new", {}},
      {Method::kPost, "/api/v1/processes/new", 200, "process-post", {{"process", "new"}}},
      {Method::kPost, "/api/v1/processes/a b", 200, "process-post", {{"process", "a b"}}},
      {Method::kPut, "/api/v1/processes/hund", 405, "GET, HEAD, POST", {}},
      {Method::kOther, "/api/v1/processes/hund", 405, "GET, HEAD, POST", {}},
      {Method::kGet, "/api/v1/processes/x/drafts/7", 405, "DELETE", {}},
      {Method::kDelete,
       "/api/v1/processes/x/drafts/7",
       200,
       "draft-delete",
       {{"process", "x"}, {"draft", "7"}}},
      {Method::kGet, "/static/css/site.css", 200, "static", {{"path", "css/site.css"}}},
      {Method::kGet, "/static/a", 200, "static", {{"path", "a"}}},
      {Method::kGet, "/static/a/", 200, "static", {{"path", "a/"}}},
      {Method::kGet, "/static/special.css", 200, "special", {}},
      {Method::kGet, "/static/", 404, "", {}},
      {Method::kGet, "/static", 404, "", {}},
      {Method::kPost, "/static/x.js", 405, "GET, HEAD", {}},
      {Method::kHead, "/head-only", 200, "head-only", {}},
      {Method::kGet, "/head-only", 200, "head-only-get", {}},
      {Method::kGet, "/async", 405, "POST", {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(MethodName(c.method)) + " " + c.path);
    const auto match = router.Find(c.method, c.path);
    ASSERT_EQ(match.status, c.status);
    if (c.status == 200) {
      ASSERT_NE(match.handler, nullptr);
      EXPECT_EQ(match.async_handler, nullptr);
      EXPECT_EQ((*match.handler)(Request{}).body, c.handler);
      EXPECT_EQ(match.params, c.params);
      ASSERT_NE(match.route, nullptr);
    } else if (c.status == 405) {
      EXPECT_EQ(match.allow, c.handler);
      EXPECT_EQ(match.handler, nullptr);
    } else {
      EXPECT_EQ(match.route, nullptr);
      EXPECT_TRUE(match.allow.empty());
    }
  }
}

TEST(RouterTest, RouteIsThePattern) {
  const Router router = MakeRouter();
  const auto match = router.Find(Method::kGet, "/api/v1/processes/hund");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(*match.route, "/api/v1/processes/{process}");
}

TEST(RouterTest, AsyncHandlerIsReturned) {
  const Router router = MakeRouter();
  const auto match = router.Find(Method::kPost, "/async");
  ASSERT_EQ(match.status, 200);
  EXPECT_EQ(match.handler, nullptr);
  ASSERT_NE(match.async_handler, nullptr);
  EXPECT_EQ(*match.route, "/async");
}

TEST(RouterTest, RoutePointersStayValidWhileAdding) {
  Router router;
  router.Get("/first", Named("first"));
  const std::string* route = router.Find(Method::kGet, "/first").route;
  for (int i = 0; i < 100; ++i) router.Get("/r" + std::to_string(i), Named("r"));
  EXPECT_EQ(router.Find(Method::kGet, "/first").route, route);
  EXPECT_EQ(*route, "/first");
}

TEST(RouterTest, BadPatternsAreRejected) {
  const std::vector<std::string> bad = {
      "", "nope", "/a/{}", "/a/{x", "/a/x}", "/a/{x}y", "/a/{p...}/b", "/{...}", "/a/{b-c}", "/a/{x}{y}",
  };
  for (const auto& pattern : bad) {
    Router router;
    EXPECT_THROW(router.Get(pattern, Named("x")), std::invalid_argument) << pattern;
  }
  Router router;
  router.Get("/dup", Named("x"));
  EXPECT_THROW(router.Get("/dup", Named("y")), std::invalid_argument);
  EXPECT_THROW(router.Get("/empty", Handler{}), std::invalid_argument);
  EXPECT_THROW(router.Add(Method::kOther, "/x", Named("x")), std::invalid_argument);
}

}  // namespace
}  // namespace amtsweg::http
