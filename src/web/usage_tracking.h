#pragma once
// The web's side of the process monitor: turns what happens in the portal and the citizen
// journey into usage events (monitor/events.h) for the recorder. Nothing is recorded without a
// recorder, for crawlers, or about anything a citizen typed: events carry ids from the process
// definition only — a validation error names the field by its definition path with repeat
// indexes removed ("hunde[].rasse"), and a path the definition does not know is not recorded at
// all (a posted form can name any field it likes).
//
//   UsageTracker usage(options.recorder, options.now);
//   usage.Track(request.GetHeader("user-agent"), monitor::Kind::kStarted, service, draft.journey);

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "monitor/events.h"
#include "process/definition.h"
#include "process/validate.h"

namespace amtsweg::monitor {
class Recorder;
}

namespace amtsweg::web {

class UsageTracker final {
 public:
  UsageTracker(monitor::Recorder* recorder, std::function<std::chrono::system_clock::time_point()> now);

  // One event of `kind` about `service`, from a browser announcing `user_agent` (which gives the
  // device class and is then forgotten).
  void Track(std::string_view user_agent, monitor::Kind kind, const catalog::OfferedService& service,
             std::string_view journey, std::string_view page = {},
             std::optional<std::chrono::seconds> duration = std::nullopt) const;
  // page_completed of `page`, going on to `next_page` (storage::kReviewPage for the review).
  void TrackCompleted(std::string_view user_agent, const catalog::OfferedService& service,
                      std::string_view journey, std::string_view page, std::string_view next_page) const;
  // One validation_error per distinct known field among `errors` on `page`.
  void TrackErrors(std::string_view user_agent, const catalog::OfferedService& service,
                   std::string_view journey, std::string_view page,
                   const std::vector<process::FieldError>& errors) const;

 private:
  void Emit(std::string_view user_agent, monitor::Kind kind, const catalog::OfferedService& service,
            std::string_view journey, std::string_view page, std::string_view field,
            std::optional<std::chrono::seconds> duration, std::string_view next_page = {}) const;

  monitor::Recorder* recorder_;
  std::function<std::chrono::system_clock::time_point()> now_;
};

// The path of a field as the monitor counts it: "hunde[1].rasse" -> "hunde[].rasse", when every
// segment names a field of `definition` (a top-level field, then children of groups/repeats);
// nullopt otherwise.
[[nodiscard]] std::optional<std::string> UsageFieldPath(const process::Definition& definition,
                                                        std::string_view path);

// Crawlers and link checkers announce themselves; their visits are not usage.
[[nodiscard]] bool IsCrawler(std::string_view user_agent);

}  // namespace amtsweg::web
