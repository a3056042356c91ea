#pragma once
// What the browser journey's handlers share (journey.cpp: the flow, preview.cpp: the designer's
// preview, status.cpp: the status page): the state behind them, the pages they answer with,
// reading requests (origin check, cookies, posted forms) and opening a draft by its id and the
// browser's secret. Internal to web/.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "http/form.h"
#include "http/message.h"
#include "logic/logic.h"
#include "metrics/metrics.h"
#include "process/definition.h"
#include "process/validate.h"
#include "storage/storage.h"
#include "text/time.h"
#include "web/form_view_cache.h"
#include "web/journey.h"
#include "web/layout.h"
#include "web/usage_tracking.h"

namespace amtsweg::web {

struct Journey::State {
  std::shared_ptr<const catalog::Catalog> catalog;
  storage::Storage& storage;
  const Layout& layout;
  JourneyOptions options;
  metrics::Counter& started;
  metrics::Counter& submitted;
  // The static part of every form page's view, built on first use (form_view_cache.h).
  std::unique_ptr<FormViewCache> form_views = std::make_unique<FormViewCache>();
  UsageTracker usage{options.recorder, options.now};

  logic::Context LogicContext() const {
    logic::Context context;
    context.today = text::IsoDate(options.now());
    return context;
  }
};

namespace journey {

using http::Request;
using http::Response;
using State = Journey::State;

inline constexpr std::string_view kCookiePrefix = "aw_";

// --- Pages (all marked Cache-Control: no-store: answers are personal data) ----------------------

Response NoStore(Response response);
// Renders `body_template` with `view` inside the layout.
Response Page(const State& state, int status, const std::string& title, std::string_view body_template,
              const nlohmann::json& view, bool has_errors = false);
Response Message(const State& state, int status, const std::string& title, const std::string& text);
Response NotFoundPage(const State& state);
Response Forbidden(const State& state);
Response Unavailable(const State& state);
Response Redirect(std::string location);
// A draft could not be saved: 404 when it is gone (expired, submitted), else 503.
Response SaveFailed(const State& state, const storage::Error& error);

// --- Requests -----------------------------------------------------------------------------------

// CSRF defence for every POST (OWASP: verify origin with standard headers): a present Origin
// must be our own; without Origin, a browser's Sec-Fetch-Site must not say cross-site.
bool FromOurOrigin(const Request& request);
std::optional<std::string> CookieValue(const Request& request, std::string_view name);
// The cookie holding a draft's secret, scoped to the draft's path.
std::string DraftCookie(const State& state, const std::string& id, const std::string& secret);

struct PostedForm {
  http::FormFields fields;
  std::vector<http::MultipartPart> files;
};
// A urlencoded or multipart body; nullopt when it cannot be parsed.
std::optional<PostedForm> ReadForm(const Request& request);
// The first value posted under `name`, or "".
std::string_view Field(const http::FormFields& fields, std::string_view name);

// --- Drafts -------------------------------------------------------------------------------------

struct OpenDraft {
  storage::Draft draft;
  std::string secret;
  const catalog::OfferedService* service = nullptr;
  nlohmann::json data;
};

// The draft of the request's {draft} path parameter, if the browser holds its secret; else the
// page to answer with (404, or 503 when the database does not answer).
std::variant<OpenDraft, Response> Open(const State& state, const Request& request);
// A POST to a draft: opened, from our origin, with the draft's CSRF token; else 403/404/503.
std::variant<OpenDraft, Response> OpenForPost(const State& state, const Request& request,
                                              std::optional<PostedForm>& form);

struct CreatedDraft {
  storage::Draft draft;
  std::string secret;  // for the cookie (DraftCookie); only its hash is stored
};
// Stores a new draft of `service` holding `data`, on its first page, expiring after the
// configured retention; nullopt when the database refuses.
std::optional<CreatedDraft> CreateDraft(const State& state, const catalog::OfferedService& service,
                                        const nlohmann::json& data);

std::string DraftUrl(const storage::Draft& draft);
// Index of the page `id` in the definition, or -1.
int PageIndex(const process::Definition& definition, std::string_view id);
// The next (step +1) or previous (step -1) visible page after `from`, or nullptr.
const process::Page* Neighbour(const process::Definition& definition, int from, int step,
                               const nlohmann::json& data, const logic::Context& context);
// The page holding the field at data path `path` ("hunde[1].rasse" -> the page of "hunde").
const process::Page* PageOfField(const process::Definition& definition, std::string_view path);

// The review's list of what is missing or wrong: [{text, href}] with href the field on its page
// (absent when no page holds the field).
nlohmann::json Problems(const process::Definition& definition, const std::vector<process::FieldError>& errors,
                        const storage::Draft& draft);

// The application a draft becomes with these validated answers (reference, submission time and
// tokens are the caller's).
storage::NewApplication ApplicationOf(const State& state, const OpenDraft& open, const nlohmann::json& data,
                                      std::int64_t fee_cents);

// The fee as the templates show it: "144,00 €", or null (the section is left out) when the
// process has no fee rule or the rule fails on incomplete answers. A fee of 0 € is shown on form
// pages (the answers may have lowered it) but not on the review and confirmation (nothing to pay).
nlohmann::json FeeText(const process::Definition& definition, const nlohmann::json& data,
                       const logic::Context& context);
nlohmann::json AmountDue(std::int64_t cents);

}  // namespace journey
}  // namespace amtsweg::web
