// The real server in-process on port 0, driven over raw TCP sockets: keep-alive, pipelining,
// errors and limits, timeouts, async handlers, graceful shutdown, headers and metrics.

#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace amtsweg::http {
namespace {

using namespace std::chrono_literals;

struct RawResponse {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
  bool ok = false;  // a complete response was read

  [[nodiscard]] std::string Header(std::string_view name) const {
    const std::string needle = "\r\n" + std::string(name) + ": ";
    const std::size_t at = head.find(needle);
    if (at == std::string::npos) return "<absent>";
    const std::size_t start = at + needle.size();
    return head.substr(start, head.find("\r\n", start) - start);
  }
};

class Client final {
 public:
  explicit Client(std::uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    timeval timeout{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~Client() { close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  [[nodiscard]] bool connected() const { return connected_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads one response; `head_only` for answers to HEAD (Content-Length without a body).
  RawResponse Read(bool head_only = false) {
    RawResponse response;
    std::size_t end;
    while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return response;
    }
    response.head = pending_.substr(0, end + 2);
    pending_.erase(0, end + 4);
    response.status = std::stoi(response.head.substr(9, 3));
    const std::string length = response.Header("Content-Length");
    const std::size_t size = (head_only || length == "<absent>") ? 0 : std::stoul(length);
    while (pending_.size() < size) {
      if (!Fill()) return response;
    }
    response.body = pending_.substr(0, size);
    pending_.erase(0, size);
    response.ok = true;
    return response;
  }

  // True when the server closed the connection (EOF or reset) within the receive timeout.
  bool WaitClosed() {
    while (true) {
      char buffer[4096];
      const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
    }
  }

  void SetReceiveTimeout(std::chrono::milliseconds timeout) {
    timeval tv{static_cast<time_t>(timeout.count() / 1000),
               static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }

 private:
  bool Fill() {
    char buffer[16384];
    const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    pending_.append(buffer, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string pending_;
};

class ServerTest : public testing::Test {
 protected:
  ServerTest() {
    options_.port = 0;
    options_.threads = 2;
    options_.handle_signals = false;
    options_.access_log = false;
    options_.max_body_bytes = 1024;
    options_.max_header_bytes = 2048;
    options_.header_timeout = 400ms;
    options_.body_timeout = 1000ms;
    options_.idle_timeout = 2000ms;
    options_.shutdown_grace = 3000ms;

    router_.Get("/hello", [](const Request&) { return TextResponse(200, "hello"); });
    router_.Post("/echo", [](const Request& r) { return TextResponse(200, r.body); });
    router_.Post("/api/echo", [](const Request& r) { return JsonResponse(200, r.body); });
    router_.Get("/api/v1/things/{id}", [](const Request& r) {
      return JsonResponse(200, "{\"id\":\"" + std::string(r.Param("id")) + "\"}");
    });
    router_.Get("/throw", [](const Request&) -> Response { throw std::runtime_error("boom"); });
    router_.Get("/inject", [](const Request&) {
      Response r = TextResponse(200, "x");
      r.headers.push_back({"Location", "/a\r\nSet-Cookie: evil=1"});
      return r;
    });
    router_.AddAsync(Method::kGet, "/async", [this](const Request& request, Reply reply) {
      const auto delay =
          std::chrono::milliseconds(std::stoi(std::string(request.query.empty() ? "0" : request.query)));
      std::lock_guard lock(threads_mutex_);
      handler_threads_.emplace_back([reply, delay] {
        std::this_thread::sleep_for(delay);
        reply(TextResponse(200, "async done"));
      });
    });
    router_.AddAsync(Method::kGet, "/async-drop", [](const Request&, Reply) {});
  }

  ~ServerTest() override {
    StopServer();
    std::lock_guard lock(threads_mutex_);
    for (auto& thread : handler_threads_) thread.join();
  }

  void StartServer() {
    server_ = std::make_unique<Server>(options_, router_, registry_);
    auto listening = server_->Listen();
    ASSERT_TRUE(listening.has_value()) << listening.error();
    port_ = server_->Port();
    ASSERT_NE(port_, 0);
    run_ = std::async(std::launch::async, [this] { server_->Run(); });
  }

  void StopServer() {
    if (!server_) return;
    server_->Stop();
    ASSERT_EQ(run_.wait_for(10s), std::future_status::ready);
    server_.reset();
  }

  ServerOptions options_;
  Router router_;
  metrics::Registry registry_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
  std::future<void> run_;
  std::mutex threads_mutex_;
  std::vector<std::thread> handler_threads_;  // GUARDED_BY(threads_mutex_)
};

void ExpectSecurityHeaders(const RawResponse& r) {
  EXPECT_EQ(
      r.Header("Content-Security-Policy"),
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
      "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
      << r.head;
  EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.Header("X-Frame-Options"), "DENY");
  EXPECT_EQ(r.Header("Referrer-Policy"), "strict-origin-when-cross-origin");
  EXPECT_EQ(r.Header("Cross-Origin-Opener-Policy"), "same-origin");
  EXPECT_NE(r.Header("Permissions-Policy"), "<absent>");
  EXPECT_EQ(r.Header("Server"), "amtsweg");
}

constexpr char kJson413[] =
    "{\"errors\":[{\"field\":\"\",\"code\":\"payload_too_large\",\"message\":\"Die Anfrage ist zu groß.\"}]}";

TEST_F(ServerTest, KeepAliveAndPipelining) {
  StartServer();
  Client client(port_);
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  RawResponse first = client.Read();
  ASSERT_TRUE(first.ok);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "hello");
  EXPECT_EQ(first.Header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(first.Header("Cache-Control"), "no-store");
  ExpectSecurityHeaders(first);
  EXPECT_EQ(first.Header("Strict-Transport-Security"), "<absent>");

  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nping"));
  RawResponse second = client.Read();
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, "ping");

  // Two requests in one segment: answered in order on the same connection.
  ASSERT_TRUE(client.Send(
      "GET /api/v1/things/a%20b HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"));
  EXPECT_EQ(client.Read().body, "{\"id\":\"a b\"}");
  EXPECT_EQ(client.Read().body, "abc");

  ASSERT_TRUE(client.Send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  RawResponse head = client.Read(/*head_only=*/true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("Content-Length"), "5");
  ASSERT_TRUE(client.Send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  RawResponse last = client.Read();
  EXPECT_EQ(last.body, "hello");  // a HEAD body would have shown up here
  EXPECT_EQ(last.Header("Connection"), "close");
  EXPECT_TRUE(client.WaitClosed());
}

TEST_F(ServerTest, NotFoundAndMethodNotAllowed) {
  options_.hsts = true;
  StartServer();
  Client client(port_);
  ASSERT_TRUE(client.Send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"));
  RawResponse plain = client.Read();
  EXPECT_EQ(plain.status, 404);
  EXPECT_EQ(plain.Header("Content-Type"), "text/plain; charset=utf-8");
  ExpectSecurityHeaders(plain);
  EXPECT_EQ(plain.Header("Strict-Transport-Security"), "max-age=31536000; includeSubDomains");

  ASSERT_TRUE(client.Send("GET /api/v1/nope HTTP/1.1\r\nHost: x\r\n\r\n"));
  RawResponse json = client.Read();
  EXPECT_EQ(json.status, 404);
  EXPECT_EQ(json.Header("Content-Type"), "application/json");
  EXPECT_NE(json.body.find("\"code\":\"not_found\""), std::string::npos);

  ASSERT_TRUE(client.Send("DELETE /api/v1/things/1 HTTP/1.1\r\nHost: x\r\n\r\n"));
  RawResponse not_allowed = client.Read();
  EXPECT_EQ(not_allowed.status, 405);
  EXPECT_EQ(not_allowed.Header("Allow"), "GET, HEAD");
  EXPECT_NE(not_allowed.body.find("\"code\":\"method_not_allowed\""), std::string::npos);

  ASSERT_TRUE(client.Send("GET /static/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(client.Read().status, 404);
  ASSERT_TRUE(client.Send("GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(client.Read().status, 400);
  EXPECT_TRUE(client.WaitClosed());
}

TEST_F(ServerTest, PayloadTooLargeWithContentLength) {
  StartServer();
  Client client(port_);
  ASSERT_TRUE(client.Send("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" +
                          std::string(5000, 'x')));
  RawResponse r = client.Read();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.body, kJson413);
  EXPECT_EQ(r.Header("Content-Type"), "application/json");
  ExpectSecurityHeaders(r);
  EXPECT_TRUE(client.WaitClosed());

  Client text_client(port_);
  ASSERT_TRUE(text_client.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1025\r\n\r\n"));
  RawResponse text = text_client.Read();
  EXPECT_EQ(text.status, 413);
  EXPECT_EQ(text.body, "Die Anfrage ist zu groß.\n");

  Client accepts_json(port_);
  ASSERT_TRUE(accepts_json.Send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Length: 2000\r\n\r\n"));
  EXPECT_EQ(accepts_json.Read().body, kJson413);
}

TEST_F(ServerTest, PayloadTooLargeChunked) {
  StartServer();
  Client client(port_);
  std::string request = "POST /api/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 5; ++i) request += "200\r\n" + std::string(0x200, 'y') + "\r\n";
  request += "0\r\n\r\n";
  ASSERT_TRUE(client.Send(request));
  RawResponse r = client.Read();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.body, kJson413);
  EXPECT_TRUE(client.WaitClosed());
}

TEST_F(ServerTest, MalformedRequestsGet400AndClose) {
  StartServer();
  const std::vector<std::string> garbage = {
      "GARBAGE\r\n\r\n",
      "GET /hello HTTP/9.9\r\n\r\n",
      "GET /hello HTTP/1.1\r\nBad Header\r\n\r\n",
      "POST /echo HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
      "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      std::string("GET /\0 HTTP/1.1\r\n\r\n", 20),
      "GET http://evil/ HTTP/1.1\r\nHost: x\r\n\r\n",
      "POST /echo HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
      "POST /echo HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
      "GET /hello HTTP/1.1\r\n Folded: x\r\n\r\n",
  };
  for (const auto& request : garbage) {
    Client client(port_);
    ASSERT_TRUE(client.Send(request));
    RawResponse r = client.Read();
    EXPECT_EQ(r.status, 400) << testing::PrintToString(request);
    ExpectSecurityHeaders(r);
    EXPECT_TRUE(client.WaitClosed()) << testing::PrintToString(request);
  }
  Client big(port_);
  ASSERT_TRUE(big.Send("GET /hello HTTP/1.1\r\nX-Big: " + std::string(4000, 'h') + "\r\n\r\n"));
  EXPECT_EQ(big.Read().status, 431);
}

TEST_F(ServerTest, SlowlorisIsCutAtHeaderTimeout) {
  StartServer();
  Client client(port_);
  const auto start = std::chrono::steady_clock::now();
  const std::string request =
      "GET /hello HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
  bool cut = false;
  for (char c : request) {
    if (!client.Send(std::string_view(&c, 1))) {
      cut = true;
      break;
    }
    std::this_thread::sleep_for(50ms);
  }
  if (!cut) cut = client.WaitClosed() && client.Read().status == 0;
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(cut);
  EXPECT_LT(elapsed, 2500ms);  // the full request would take ~3.5 s at this pace

  Client silent(port_);  // connects and never sends
  silent.SetReceiveTimeout(3000ms);
  const auto silent_start = std::chrono::steady_clock::now();
  EXPECT_TRUE(silent.WaitClosed());
  EXPECT_LT(std::chrono::steady_clock::now() - silent_start, 1500ms);
}

TEST_F(ServerTest, AsyncHandlerRepliesFromAnotherThread) {
  StartServer();
  Client client(port_);
  ASSERT_TRUE(client.Send("GET /async?100 HTTP/1.1\r\nHost: x\r\n\r\n"));
  RawResponse r = client.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "async done");
  ExpectSecurityHeaders(r);
  // While one connection waits for a slow reply, another is served at once.
  Client slow(port_);
  ASSERT_TRUE(slow.Send("GET /async?500 HTTP/1.1\r\nHost: x\r\n\r\n"));
  Client fast(port_);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(fast.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(fast.Read().status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 400ms);
  EXPECT_EQ(slow.Read().body, "async done");
  // A handler that drops its Reply gets a 500 instead of hanging the connection.
  ASSERT_TRUE(client.Send("GET /async-drop HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(client.Read().status, 500);
}

TEST_F(ServerTest, ExpectContinue) {
  StartServer();
  Client client(port_);
  ASSERT_TRUE(
      client.Send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"));
  RawResponse interim = client.Read();
  EXPECT_EQ(interim.status, 100);
  ASSERT_TRUE(client.Send("abc"));
  RawResponse r = client.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "abc");
}

TEST_F(ServerTest, HandlerExceptionsBecome500) {
  StartServer();
  Client client(port_);
  ASSERT_TRUE(client.Send("GET /throw HTTP/1.1\r\nHost: x\r\n\r\n"));
  RawResponse r = client.Read();
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("boom"), std::string::npos);
  ASSERT_TRUE(client.Send("GET /inject HTTP/1.1\r\nHost: x\r\n\r\n"));
  RawResponse injected = client.Read();
  EXPECT_EQ(injected.status, 200);
  EXPECT_EQ(injected.head.find("evil"), std::string::npos);
  ASSERT_TRUE(client.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(client.Read().body, "hello");
}

TEST_F(ServerTest, RequestOnIdleConnectionDuringShutdownIsServedThenClosed) {
  // A load balancer may send on a pooled keep-alive connection just as the server stops: that
  // request must be answered (nginx does not resend a POST), with Connection: close.
  // A drain window far above the pause below, so a loaded machine cannot miss it.
  options_.shutdown_drain = 2500ms;
  StartServer();
  Client pooled(port_);
  ASSERT_TRUE(pooled.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_EQ(pooled.Read().status, 200);
  server_->Stop();
  std::this_thread::sleep_for(200ms);
  ASSERT_TRUE(pooled.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nok"));
  RawResponse r = pooled.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok");
  EXPECT_EQ(r.Header("Connection"), "close");
  EXPECT_TRUE(pooled.WaitClosed());
  ASSERT_EQ(run_.wait_for(5s), std::future_status::ready);
}

TEST_F(ServerTest, GracefulStopFinishesInFlightRequests) {
  StartServer();
  Client idle(port_);
  ASSERT_TRUE(idle.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_EQ(idle.Read().status, 200);  // now idle in keep-alive

  Client busy(port_);
  ASSERT_TRUE(busy.Send("GET /async?600 HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::this_thread::sleep_for(100ms);
  const auto start = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_TRUE(idle.WaitClosed());
  // Idle ones are closed at the end of the drain window, not at once and not after the grace.
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2500ms);
  RawResponse r = busy.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "async done");
  EXPECT_EQ(r.Header("Connection"), "close");
  ASSERT_EQ(run_.wait_for(5s), std::future_status::ready);
  server_.reset();
  Client late(port_);
  EXPECT_FALSE(late.connected());
}

TEST_F(ServerTest, MetricsUseRoutePatterns) {
  StartServer();
  Client client(port_);
  for (const char* path : {"/api/v1/things/1", "/api/v1/things/2", "/secret-token-123"}) {
    ASSERT_TRUE(client.Send("GET " + std::string(path) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_TRUE(client.Read().ok);
  }
  // Metrics are recorded once the write completes, which may be just after the client read it.
  std::string text;
  for (int i = 0; i < 100; ++i) {
    text = registry_.Render();
    if (text.find("amtsweg_http_requests_in_flight 0\n") != std::string::npos) break;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_NE(
      text.find(
          "amtsweg_http_requests_total{method=\"GET\",route=\"/api/v1/things/{id}\",status=\"200\"} 2\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("amtsweg_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("amtsweg_http_request_duration_seconds_count{route=\"/api/v1/things/{id}\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("amtsweg_http_connections_open 1\n"), std::string::npos);
  EXPECT_NE(text.find("amtsweg_http_requests_in_flight 0\n"), std::string::npos);
  EXPECT_EQ(text.find("secret-token"), std::string::npos);
}

TEST_F(ServerTest, ListenReportsBindErrors) {
  StartServer();
  ServerOptions clash = options_;
  clash.port = port_;
  Server second(clash, router_, registry_);
  auto result = second.Listen();
  ASSERT_FALSE(result.has_value());
  EXPECT_NE(result.error().find("cannot bind"), std::string::npos);
  ServerOptions bad = options_;
  bad.address = "not an address";
  EXPECT_FALSE(Server(bad, router_, registry_).Listen().has_value());
}

}  // namespace
}  // namespace amtsweg::http
