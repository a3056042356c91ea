// Usage events from the web (see usage_tracking.h).

#include "web/usage_tracking.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "monitor/recorder.h"

namespace amtsweg::web {
namespace {

const process::Field* ChildNamed(const std::vector<process::Field>& fields, std::string_view id) {
  auto found = std::ranges::find_if(fields, [&](const process::Field& f) { return f.id == id; });
  return found == fields.end() ? nullptr : &*found;
}

bool ContainsCaseInsensitive(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != haystack.end();
}

}  // namespace

std::optional<std::string> UsageFieldPath(const process::Definition& definition, std::string_view path) {
  std::string normalised;
  const std::vector<process::Field>* level = nullptr;
  std::string_view rest = path;
  while (!rest.empty()) {
    std::size_t end = rest.find_first_of(".[");
    std::string_view id = rest.substr(0, end);
    const process::Field* field = nullptr;
    if (level == nullptr) {
      for (const process::Page& page : definition.pages) {
        if ((field = ChildNamed(page.fields, id)) != nullptr) break;
      }
    } else {
      field = ChildNamed(*level, id);
    }
    if (field == nullptr || id.empty()) return std::nullopt;
    if (!normalised.empty()) normalised += '.';
    normalised += id;
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    if (!rest.empty() && rest.front() == '[') {  // a repeat's index: kept as "[]", never its value
      std::size_t close = rest.find(']');
      if (close == std::string_view::npos || field->type != process::FieldType::kRepeat) return std::nullopt;
      for (char c : rest.substr(1, close - 1)) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      }
      normalised += "[]";
      rest.remove_prefix(close + 1);
    }
    if (!rest.empty() && rest.front() == '.') rest.remove_prefix(1);
    // A field without children (an address, a date) may report a part of itself
    // ("anschrift.plz"): counted as the field.
    if (field->fields.empty()) return normalised;
    level = &field->fields;
  }
  return normalised.empty() ? std::nullopt : std::optional(normalised);
}

bool IsCrawler(std::string_view user_agent) {
  // HeadlessChrome is not among them: the browser tests' journeys are usage like any other.
  return std::ranges::any_of(
      std::initializer_list<std::string_view>{"bot", "spider", "crawl", "slurp"},
      [&](std::string_view word) { return ContainsCaseInsensitive(user_agent, word); });
}

UsageTracker::UsageTracker(monitor::Recorder* recorder,
                           std::function<std::chrono::system_clock::time_point()> now)
    : recorder_(recorder), now_(std::move(now)) {}

void UsageTracker::Track(std::string_view user_agent, monitor::Kind kind,
                         const catalog::OfferedService& service, std::string_view journey,
                         std::string_view page, std::optional<std::chrono::seconds> duration) const {
  Emit(user_agent, kind, service, journey, page, {}, duration);
}

void UsageTracker::TrackCompleted(std::string_view user_agent, const catalog::OfferedService& service,
                                  std::string_view journey, std::string_view page,
                                  std::string_view next_page) const {
  Emit(user_agent, monitor::Kind::kPageCompleted, service, journey, page, {}, std::nullopt, next_page);
}

void UsageTracker::TrackErrors(std::string_view user_agent, const catalog::OfferedService& service,
                               std::string_view journey, std::string_view page,
                               const std::vector<process::FieldError>& errors) const {
  std::set<std::string> fields;
  for (const process::FieldError& error : errors) {
    if (auto path = UsageFieldPath(*service.definition, error.field)) fields.insert(std::move(*path));
  }
  for (const std::string& field : fields) {
    Emit(user_agent, monitor::Kind::kValidationError, service, journey, page, field, std::nullopt);
  }
}

void UsageTracker::Emit(std::string_view user_agent, monitor::Kind kind,
                        const catalog::OfferedService& service, std::string_view journey,
                        std::string_view page, std::string_view field,
                        std::optional<std::chrono::seconds> duration, std::string_view next_page) const {
  if (recorder_ == nullptr) return;
  if (IsCrawler(user_agent)) return;
  const process::Definition& definition = *service.definition;
  monitor::ProcessRef process{service.municipality->ags, definition.id, definition.version,
                              definition.variant_id ? std::string_view(*definition.variant_id) : ""};
  storage::UsageEvent event =
      monitor::MakeEvent(kind, process, monitor::DeviceFromUserAgent(user_agent), monitor::Channel::kWeb,
                         journey, now_(), page, field, duration);
  event.next_page = next_page;
  recorder_->Record(std::move(event));
}

}  // namespace amtsweg::web
