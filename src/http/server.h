#pragma once
// The HTTP/1.1 server: Boost.Beast on Asio with C++20 coroutines, several I/O threads,
// keep-alive, size limits and timeouts, graceful shutdown. Beast stays inside server.cpp.
//
//   Server server(options, router, registry);
//   server.Listen();                    // binds; options.port 0 picks a free port
//   std::cout << server.Port();
//   server.Run();                       // blocks until Stop() or SIGTERM/SIGINT

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <tl/expected.hpp>

#include "http/router.h"
#include "metrics/metrics.h"

namespace amtsweg::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;
  int threads = 0;  // 0: one per hardware thread
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  std::chrono::milliseconds header_timeout{10'000};  // first byte to end of headers
  std::chrono::milliseconds body_timeout{30'000};    // end of headers to end of body
  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive between requests
  std::chrono::milliseconds shutdown_grace{10'000};  // in-flight requests may finish
  // Idle keep-alive connections stay open this long after Stop() (capped by shutdown_grace): a
  // request a load balancer already sent on one is still answered (server.cpp, OnShutdown).
  std::chrono::milliseconds shutdown_drain{1000};
  bool hsts = false;           // add Strict-Transport-Security (set when behind TLS)
  bool access_log = true;      // one JSON line per request on stderr
  bool handle_signals = true;  // SIGTERM/SIGINT trigger graceful shutdown
};

class Server final {
 public:
  Server(ServerOptions options, const Router& router, metrics::Registry& registry);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  [[nodiscard]] tl::expected<void, std::string> Listen();
  [[nodiscard]] std::uint16_t Port() const;
  void Run();
  void Stop();  // thread-safe; starts graceful shutdown

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace amtsweg::http
