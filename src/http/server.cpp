// The HTTP/1.1 transport: the only file that sees Boost.Beast and Asio.
//
// Threads: one io_context per I/O thread (concurrency hint 1), one acceptor on the first that
// hands sockets out round-robin. A connection lives on one thread for its whole life, so its
// state needs no locks; only Stop() and async replies cross threads, by posting.
//
// Per connection a coroutine runs the session loop (connection.cpp-style, kept here so Beast
// stays in one file): wait for bytes (idle timeout) → read header (header timeout) → check
// limits → read body (body timeout) → dispatch → write (body timeout) → repeat while
// keep-alive. Timeouts are one deadline per connection, enforced by a watchdog timer that
// closes the socket when the deadline passes; moving the deadline later costs nothing.
// See docs/http.md for limits, shutdown and the access log.

#include <utility>  // before Asio on g++ 12

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "http/form.h"
#include "http/response_policy.h"
#include "http/server.h"

namespace amtsweg::http {
// Named (not anonymous) so that Server::Impl may derive from ServerCore without
// -Wsubobject-linkage; nothing here is declared in a header.
namespace server_internal {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using asio::awaitable;
using asio::use_awaitable;

const std::string kUnmatched = "unmatched";
// Drained after an error before closing. Generous, because the common case is a person whose
// upload is too large: with Content-Length known we answer 413 at once, and the browser must
// still be able to read it while it finishes sending (else it shows "connection reset").
constexpr std::size_t kLingerBytes = 16 * 1024 * 1024;
constexpr std::chrono::milliseconds kLingerTime{2000};

void LogError(std::string_view what, std::string_view detail) {
  std::string line = "{\"time\":\"" + Rfc3339Utc(std::chrono::system_clock::now()) +
                     "\",\"level\":\"error\",\"component\":\"http\",\"msg\":\"";
  for (char c : std::string(what) + ": " + std::string(detail)) {
    if (c == '"' || c == '\\') line += '\\';
    line += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
  }
  line += "\"}\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

class Connection;

// One I/O thread's world. Everything in it is touched only from that thread.
struct Worker {
  asio::io_context context{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{context.get_executor()};
  std::unordered_set<Connection*> connections;
  asio::steady_timer grace_timer{context};
  // Series looked up once per (route, method, status); route pointers are stable.
  std::map<std::tuple<const std::string*, Method, int>, metrics::Counter*> request_counters;
  std::unordered_map<const std::string*, metrics::Histogram*> duration_histograms;
};

struct ServerCore {
  ServerCore(ServerOptions o, const Router& r, metrics::Registry& reg)
      : options(std::move(o)),
        router(r),
        registry(reg),
        connections_open(reg.GetGauge("amtsweg_http_connections_open", "Open HTTP connections")),
        in_flight(reg.GetGauge("amtsweg_http_requests_in_flight", "HTTP requests being handled")) {}

  awaitable<void> AcceptLoop();
  void Stop();
  void RecordRequest(Worker& worker, const std::string* route, Method method, int status,
                     Clock::duration took, std::size_t bytes);
  void ConnectionClosed(Worker& worker, Connection* connection);

  ServerOptions options;
  const Router& router;
  metrics::Registry& registry;
  metrics::Gauge& connections_open;
  metrics::Gauge& in_flight;
  std::vector<std::unique_ptr<Worker>> workers;
  std::optional<tcp::acceptor> acceptor;  // on workers[0]
  std::optional<asio::signal_set> signals;
  std::atomic<bool> stopping{false};
  std::size_t next_worker = 0;  // used by the accept loop only
};

// Lets an AsyncHandler's Reply resume the connection coroutine from any thread, exactly once.
// If every copy of the Reply is dropped without a call, the request gets a 500.
template <typename CompletionHandler>
struct ReplyState {
  ReplyState(CompletionHandler h, asio::io_context::executor_type executor, bool json)
      : handler(std::move(h)), work(executor), json(json) {}
  ~ReplyState() {
    if (!done.exchange(true)) {
      LogError("async handler dropped its reply", "");
      Deliver(TransportError(TransportErrorKind::kInternal, json));
    }
  }
  void Deliver(Response response) {
    asio::post(work.get_executor(),
               [h = std::move(handler), r = std::move(response)]() mutable { std::move(h)(std::move(r)); });
  }
  CompletionHandler handler;
  asio::executor_work_guard<asio::io_context::executor_type> work;  // keeps Run() alive meanwhile
  bool json;
  std::atomic<bool> done{false};
};

class Connection final : public std::enable_shared_from_this<Connection> {
 public:
  Connection(ServerCore& server, Worker& worker, tcp::socket socket)
      : server_(server), worker_(worker), socket_(std::move(socket)), timer_(worker.context) {
    boost::system::error_code ec;
    const auto endpoint = socket_.remote_endpoint(ec);
    if (!ec) remote_address_ = endpoint.address().to_string();
  }

  static awaitable<void> Serve(std::shared_ptr<Connection> self) {
    self->worker_.connections.insert(self.get());
    self->server_.connections_open.Inc();
    self->SetDeadline(self->server_.options.header_timeout);
    self->timer_.expires_at(self->deadline_);
    self->ArmWatchdog();
    try {
      co_await self->Loop();
    } catch (const std::exception& e) {
      LogError("connection failed", e.what());
    } catch (...) {
      LogError("connection failed", "unknown exception");
    }
    self->Close();
    self->server_.connections_open.Dec();
    self->server_.ConnectionClosed(self->worker_, self.get());
  }

  // Shutdown: busy connections close after their current response. Idle keep-alive connections
  // stay open for a short drain window: a load balancer may already have sent its next request
  // on one (it cannot know we are stopping), and closing under it would lose that request —
  // nginx never resends a POST. A request that arrives in the window is answered with
  // `Connection: close`; a connection still idle at its end is closed.
  void OnShutdown() {
    if (idle_) SetDeadline(DrainWindow());
  }

  Clock::duration DrainWindow() const {
    return std::min<Clock::duration>(server_.options.shutdown_drain, server_.options.shutdown_grace);
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    timer_.cancel();
  }

 private:
  awaitable<void> Loop() {
    const ServerOptions& options = server_.options;
    bool first = true;
    while (!closed_) {
      if (buffer_.size() == 0) {
        // Idle: no buffer memory is held while waiting for the next request's first byte.
        // A connection that turns idle after shutdown began (its last answer was written just
        // as Stop() came) gets the same drain window as those idle at that moment.
        idle_ = true;
        SetDeadline(server_.stopping ? DrainWindow() : first ? options.header_timeout : options.idle_timeout);
        boost::system::error_code ec;
        co_await socket_.async_wait(tcp::socket::wait_read, asio::redirect_error(use_awaitable, ec));
        idle_ = false;
        if (ec || closed_) co_return;
      }
      first = false;
      if (!co_await HandleOne()) co_return;
      if (buffer_.size() == 0) buffer_.shrink_to_fit();
    }
  }

  // Reads, dispatches and answers one request; false when the connection must close.
  awaitable<bool> HandleOne() {
    const ServerOptions& options = server_.options;
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(
        static_cast<std::uint32_t>(std::min<std::size_t>(options.max_header_bytes, UINT32_MAX)));
    // Checked below, once the whole header is known (not boost::none: Beast 1.74 compares
    // `len > none` as true and would reject every body).
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    SetDeadline(options.header_timeout);
    boost::system::error_code ec;
    co_await bhttp::async_read_header(socket_, buffer_, parser, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return co_await FailRead(ec, parser.get());

    const auto start = Clock::now();
    const bool json = WantsJson(parser.get().target(), parser.get()[bhttp::field::accept]);
    if (parser.content_length() && *parser.content_length() > options.max_body_bytes) {
      co_await WriteError(TransportErrorKind::kPayloadTooLarge, json, parser.get(), start);
      co_return false;
    }
    parser.body_limit(options.max_body_bytes);
    if (!parser.is_done() && beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      co_await asio::async_write(socket_, asio::buffer(kContinue), asio::redirect_error(use_awaitable, ec));
      if (ec) co_return false;
    }
    SetDeadline(options.body_timeout);
    co_await bhttp::async_read(socket_, buffer_, parser, asio::redirect_error(use_awaitable, ec));
    if (ec) co_return co_await FailRead(ec, parser.get());

    server_.in_flight.Inc();
    struct InFlight {
      metrics::Gauge& gauge;
      ~InFlight() { gauge.Dec(); }
    } in_flight{server_.in_flight};
    SetDeadline(Clock::duration::max() / 4);  // handlers are not cut; shutdown_grace bounds them
    bool keep_alive = parser.get().keep_alive();
    Request request = ToRequest(parser.release());
    const std::string* route = &kUnmatched;
    Response response = co_await Dispatch(request, json, route);
    keep_alive = keep_alive && !server_.stopping && response.status != 400;
    const bool written = co_await Write(std::move(response), request.method, keep_alive, route, start);
    co_return written&& keep_alive;
  }

  awaitable<Response> Dispatch(Request& request, bool json, const std::string*& route) {
    const std::string_view raw_path = std::string_view(request.target).substr(0, request.target.find('?'));
    auto path = DecodePath(raw_path);
    if (!path) {
      co_return TransportError(path.error().code == FormErrorCode::kPathTraversal
                                   ? TransportErrorKind::kNotFound
                                   : TransportErrorKind::kBadRequest,
                               json);
    }
    request.path = std::move(*path);
    Router::Match match = server_.router.Find(request.method, request.path);
    if (match.status == 404) co_return TransportError(TransportErrorKind::kNotFound, json);
    if (match.status == 405) {
      Response response = TransportError(TransportErrorKind::kMethodNotAllowed, json);
      response.headers.push_back({"Allow", match.allow});
      co_return response;
    }
    route = match.route;
    request.params = std::move(match.params);
    if (match.handler != nullptr) {
      try {
        co_return (*match.handler)(request);
      } catch (const std::exception& e) {
        LogError("handler threw for " + *route, e.what());
      } catch (...) {
        LogError("handler threw for " + *route, "unknown exception");
      }
      co_return TransportError(TransportErrorKind::kInternal, json);
    }
    co_return co_await CallAsync(*match.async_handler, request, json, *route);
  }

  awaitable<Response> CallAsync(const AsyncHandler& handler, const Request& request, bool json,
                                const std::string& route) {
    auto executor = worker_.context.get_executor();
    co_return co_await asio::async_initiate<decltype(use_awaitable), void(Response)>(
        [&](auto completion) {
          using State = ReplyState<decltype(completion)>;
          auto state = std::make_shared<State>(std::move(completion), executor, json);
          Reply reply = [state](Response response) {
            if (!state->done.exchange(true)) state->Deliver(std::move(response));
          };
          try {
            handler(request, reply);
          } catch (const std::exception& e) {
            LogError("async handler threw for " + route, e.what());
            reply(TransportError(TransportErrorKind::kInternal, json));
          } catch (...) {
            LogError("async handler threw for " + route, "unknown exception");
            reply(TransportError(TransportErrorKind::kInternal, json));
          }
        },
        use_awaitable);
  }

  Request ToRequest(bhttp::request<bhttp::string_body>&& message) const {
    Request request;
    request.method = ParseMethod(message.method_string());
    request.target = std::string(message.target());
    const std::size_t question = request.target.find('?');
    if (question != std::string::npos) request.query = request.target.substr(question + 1);
    request.headers.reserve(std::distance(message.begin(), message.end()));
    for (const auto& field : message) {
      request.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    }
    request.body = std::move(message.body());
    request.remote_address = remote_address_;
    return request;
  }

  // A failed read: answer what deserves an answer, then close.
  template <typename Message>
  awaitable<bool> FailRead(boost::system::error_code ec, const Message& partial) {
    if (timed_out_ || closed_ ||
        ec.category() != bhttp::make_error_code(bhttp::error::end_of_stream).category() ||
        ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
      co_return false;  // timeout, peer went away, or shutdown: nothing to say
    }
    const bool json = WantsJson(partial.target(), partial[bhttp::field::accept]);
    TransportErrorKind kind = TransportErrorKind::kBadRequest;
    if (ec == bhttp::error::header_limit) kind = TransportErrorKind::kHeaderTooLarge;
    if (ec == bhttp::error::body_limit) kind = TransportErrorKind::kPayloadTooLarge;
    co_await WriteError(kind, json, partial, Clock::now());
    co_return false;
  }

  template <typename Message>
  awaitable<void> WriteError(TransportErrorKind kind, bool json, const Message& partial,
                             Clock::time_point start) {
    const Method method = ParseMethod(partial.method_string());
    if (co_await Write(TransportError(kind, json), method, false, &kUnmatched, start))
      co_await LingeringClose();
  }

  // Half-close and drain for a moment, so the client reads our error instead of a reset.
  awaitable<void> LingeringClose() {
    boost::system::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    SetDeadline(std::min<Clock::duration>(kLingerTime, server_.options.body_timeout));
    char sink[16 * 1024];
    std::size_t drained = 0;
    while (!ec && drained < kLingerBytes) {
      drained +=
          co_await socket_.async_read_some(asio::buffer(sink), asio::redirect_error(use_awaitable, ec));
    }
  }

  awaitable<bool> Write(Response response, Method method, bool keep_alive, const std::string* route,
                        Clock::time_point start) {
    bhttp::response<bhttp::string_body> message{static_cast<bhttp::status>(response.status), 11};
    message.set(bhttp::field::server, kServerName);
    const bool bodiless = response.status < 200 || response.status == 204 || response.status == 304;
    if (!bodiless) message.set(bhttp::field::content_type, response.content_type);
    bool has_cache_control = false;
    for (const auto& header : response.headers) {
      if (!IsSafeHeader(header)) {
        LogError("unsafe response header dropped", header.name);
        continue;
      }
      has_cache_control = has_cache_control || beast::iequals(header.name, "Cache-Control");
      message.insert(header.name, header.value);
    }
    for (const auto& header : SecurityHeaders(server_.options.hsts)) {
      if (message.find(header.name) == message.end()) message.set(header.name, header.value);
    }
    if (!has_cache_control) message.set(bhttp::field::cache_control, "no-store");
    message.keep_alive(keep_alive);
    const std::size_t bytes = bodiless ? 0 : response.body.size();
    if (bodiless) {
      // no body, no Content-Length
    } else if (method == Method::kHead) {
      message.content_length(bytes);  // what GET would send; the body itself is not sent
    } else {
      message.body() = std::move(response.body);
      message.prepare_payload();
    }
    SetDeadline(server_.options.body_timeout);
    boost::system::error_code ec;
    co_await bhttp::async_write(socket_, message, asio::redirect_error(use_awaitable, ec));
    server_.RecordRequest(worker_, route, method, response.status, Clock::now() - start,
                          method == Method::kHead ? 0 : bytes);
    co_return !ec;
  }

  void SetDeadline(Clock::duration timeout) {
    deadline_ = Clock::now() + timeout;
    // An earlier deadline must wake the watchdog sooner: re-arming cancels its wait, and the
    // watchdog, woken with operation_aborted, waits again for the new deadline.
    if (deadline_ < timer_.expiry()) timer_.expires_at(deadline_);
  }

  void ArmWatchdog() {
    timer_.async_wait([self = shared_from_this()](boost::system::error_code) { self->OnWatchdog(); });
  }

  void OnWatchdog() {
    if (closed_) return;
    if (Clock::now() >= deadline_) {
      timed_out_ = true;
      Close();
      return;
    }
    timer_.expires_at(deadline_);
    ArmWatchdog();
  }

  ServerCore& server_;
  Worker& worker_;
  tcp::socket socket_;
  asio::steady_timer timer_;  // the watchdog
  Clock::time_point deadline_{};
  beast::flat_buffer buffer_;
  std::string remote_address_;
  bool idle_ = true;
  bool closed_ = false;
  bool timed_out_ = false;
};

void LogCoroutineException(std::exception_ptr error) {
  if (!error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    LogError("coroutine failed", e.what());
  } catch (...) {
    LogError("coroutine failed", "unknown exception");
  }
}

awaitable<void> ServerCore::AcceptLoop() {
  while (!stopping) {
    Worker& worker = *workers[next_worker++ % workers.size()];
    boost::system::error_code ec;
    tcp::socket socket =
        co_await acceptor->async_accept(worker.context, asio::redirect_error(use_awaitable, ec));
    if (stopping || ec == asio::error::operation_aborted) break;
    if (ec) {
      // Out of file descriptors and the like: back off instead of spinning.
      LogError("accept failed", ec.message());
      asio::steady_timer pause(acceptor->get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto connection = std::make_shared<Connection>(*this, worker, std::move(socket));
    asio::co_spawn(worker.context, Connection::Serve(std::move(connection)), LogCoroutineException);
  }
}

void ServerCore::Stop() {
  if (stopping.exchange(true)) return;
  asio::post(workers[0]->context, [this] {
    boost::system::error_code ec;
    if (acceptor) acceptor->close(ec);
    if (signals) signals->cancel(ec);
  });
  for (auto& worker_ptr : workers) {
    Worker* worker = worker_ptr.get();
    asio::post(worker->context, [this, worker] {
      worker->work.reset();
      for (Connection* connection : worker->connections) connection->OnShutdown();
      if (worker->connections.empty()) return;
      worker->grace_timer.expires_after(options.shutdown_grace);
      worker->grace_timer.async_wait([worker](boost::system::error_code ec) {
        if (ec) return;
        for (Connection* connection : worker->connections) connection->Close();
      });
    });
  }
}

void ServerCore::ConnectionClosed(Worker& worker, Connection* connection) {
  worker.connections.erase(connection);
  if (stopping && worker.connections.empty()) worker.grace_timer.cancel();
}

void ServerCore::RecordRequest(Worker& worker, const std::string* route, Method method, int status,
                               Clock::duration took, std::size_t bytes) {
  const double seconds = std::chrono::duration<double>(took).count();
  auto key = std::make_tuple(route, method, status);
  auto counter = worker.request_counters.find(key);
  if (counter == worker.request_counters.end()) {
    auto& series = registry.GetCounter(
        "amtsweg_http_requests_total", "HTTP requests by route pattern, method and status",
        {{"route", *route}, {"method", std::string(MethodName(method))}, {"status", std::to_string(status)}});
    counter = worker.request_counters.emplace(key, &series).first;
  }
  counter->second->Inc();
  auto histogram = worker.duration_histograms.find(route);
  if (histogram == worker.duration_histograms.end()) {
    auto& series =
        registry.GetHistogram("amtsweg_http_request_duration_seconds",
                              "Time from end of request headers to response written", {{"route", *route}});
    histogram = worker.duration_histograms.emplace(route, &series).first;
  }
  histogram->second->Observe(seconds);
  if (options.access_log) {
    const std::string line =
        AccessLogLine({std::chrono::system_clock::now(), method, *route, status, seconds * 1000.0, bytes});
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
}

}  // namespace server_internal

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct Server::Impl : server_internal::ServerCore {
  using ServerCore::ServerCore;
};

Server::Server(ServerOptions options, const Router& router, metrics::Registry& registry)
    : impl_(std::make_unique<Impl>(std::move(options), router, registry)) {
  int threads = impl_->options.threads;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < threads; ++i) impl_->workers.push_back(std::make_unique<server_internal::Worker>());
}

Server::~Server() = default;

tl::expected<void, std::string> Server::Listen() {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec) return tl::unexpected("invalid listen address '" + impl_->options.address + "'");
  const tcp::endpoint endpoint(address, impl_->options.port);
  tcp::acceptor acceptor(impl_->workers[0]->context);
  if (acceptor.open(endpoint.protocol(), ec); ec) return tl::unexpected("socket: " + ec.message());
  if (acceptor.set_option(tcp::acceptor::reuse_address(true), ec); ec) {
    return tl::unexpected("SO_REUSEADDR: " + ec.message());
  }
  if (acceptor.bind(endpoint, ec); ec) {
    return tl::unexpected("cannot bind " + impl_->options.address + ":" +
                          std::to_string(impl_->options.port) + ": " + ec.message());
  }
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
    return tl::unexpected("listen: " + ec.message());
  }
  impl_->acceptor.emplace(std::move(acceptor));
  return {};
}

std::uint16_t Server::Port() const {
  if (!impl_->acceptor) return 0;
  boost::system::error_code ec;
  const auto endpoint = impl_->acceptor->local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void Server::Run() {
  Impl& impl = *impl_;
  if (!impl.acceptor) return;
  asio::io_context& main = impl.workers[0]->context;
  asio::co_spawn(main, impl.AcceptLoop(), server_internal::LogCoroutineException);
  if (impl.options.handle_signals) {
    impl.signals.emplace(main, SIGINT, SIGTERM);
    impl.signals->async_wait([&impl](boost::system::error_code ec, int) {
      if (!ec) impl.Stop();
    });
  }
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl.workers.size(); ++i) {
    threads.emplace_back([worker = impl.workers[i].get()] { worker->context.run(); });
  }
  main.run();
  for (auto& thread : threads) thread.join();
}

void Server::Stop() { impl_->Stop(); }

}  // namespace amtsweg::http
