#pragma once
// The JSON API (/api/v1, docs/openapi.yaml) and the operational endpoints (/healthz, /readyz,
// /metrics). Handlers are thin: parse the request, call the domain, render JSON.
//
//   Api api(catalog, storage, registry, options);
//   api.Register(router);

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "applications/reference.h"
#include "catalog/catalog.h"
#include "http/router.h"
#include "metrics/metrics.h"
#include "storage/storage.h"

namespace amtsweg::monitor {
class Recorder;
}

namespace amtsweg::api {

struct Options {
  bool sandbox = false;  // every application is marked as test data
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };
  applications::RandomSource random = applications::SystemRandom();
  monitor::Recorder* recorder = nullptr;  // usage events (process monitor); none when null
};

class Api final {
 public:
  Api(std::shared_ptr<const catalog::Catalog> catalog, storage::Storage& storage, metrics::Registry& registry,
      Options options);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  void Register(http::Router& router);

 private:
  struct Handlers;
  std::unique_ptr<Handlers> handlers_;
};

}  // namespace amtsweg::api
