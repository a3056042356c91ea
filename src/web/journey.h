#pragma once
// The citizen's journey through one application in the browser: start a draft from a service
// page, fill in the form one page at a time (saved on every page, validated on "Weiter"),
// review the answers, submit, see the reference — and later the status. Works without
// JavaScript; every POST is CSRF-protected (per-draft token and an Origin check).
//
//   web::Journey journey(catalog, storage, layout, registry, options);   // layout outlives it
//   journey.Register(router);
//
// A draft is reached by its public id in the URL plus its secret, which lives only in the
// browser: a cookie scoped to the draft's path, or the resume link (docs/citizen-journey.md).

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "applications/reference.h"
#include "catalog/catalog.h"
#include "http/message.h"
#include "http/router.h"
#include "logic/logic.h"
#include "storage/storage.h"
#include "web/layout.h"

namespace amtsweg::metrics {
class Counter;
class Registry;
}  // namespace amtsweg::metrics

namespace amtsweg::monitor {
class Recorder;
}

namespace amtsweg::web {

struct JourneyOptions {
  bool sandbox = false;
  bool secure_cookies = false;  // with TLS in front (--hsts)
  std::chrono::hours draft_retention{24 * 30};
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };
  applications::RandomSource random = applications::SystemRandom();
  monitor::Recorder* recorder = nullptr;  // usage events (process monitor); none when null
};

class Journey final {
 public:
  Journey(std::shared_ptr<const catalog::Catalog> catalog, storage::Storage& storage, const Layout& layout,
          metrics::Registry& registry, JourneyOptions options);
  ~Journey();
  Journey(const Journey&) = delete;
  Journey& operator=(const Journey&) = delete;

  void Register(http::Router& router);

  struct State;  // shared with the handlers (journey.cpp), outlives in-flight requests

 private:
  std::shared_ptr<State> state_;
};

}  // namespace amtsweg::web
