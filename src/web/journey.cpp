// The browser journey's handlers (see journey.h). Pure parts — form views, reading a posted
// page, the review — live in form_view/form_input; drafts in storage; this file is the flow.

#include "web/journey.h"

#include <algorithm>
#include <iostream>
#include <iterator>
#include <optional>
#include <variant>

#include "applications/draft_secret.h"
#include "applications/idempotency.h"
#include "applications/submit.h"
#include "http/form.h"
#include "metrics/metrics.h"
#include "monitor/events.h"
#include "process/fee.h"
#include "process/validate.h"
#include "text/time.h"
#include "web/form_input.h"
#include "web/form_view.h"
#include "web/journey_preview.h"
#include "web/journey_status.h"
#include "web/journey_support.h"
#include "web/review_view.h"

namespace amtsweg::web::journey {
namespace {

std::string_view UserAgent(const Request& request) { return request.GetHeader("user-agent"); }

void Start(const std::shared_ptr<State>& state, const Request& request, http::Reply reply) {
  if (!FromOurOrigin(request)) return reply(Forbidden(*state));
  const catalog::OfferedService* service =
      state->catalog->Find(request.Param("ags"), request.Param("process"));
  if (service == nullptr || service->definition->pages.empty()) {
    return reply(
        Message(*state, 404, "Leistung nicht gefunden", "Diese Leistung wird hier nicht online angeboten."));
  }
  auto created = CreateDraft(*state, *service, nlohmann::json::object());
  if (!created) return reply(Unavailable(*state));
  auto& [draft, secret] = *created;
  state->started.Inc();
  state->usage.Track(UserAgent(request), monitor::Kind::kStarted, *service, draft.journey,
                     draft.current_page);
  Response response = Redirect(DraftUrl(draft) + "/seiten/" + draft.current_page);
  response.headers.push_back({"Set-Cookie", DraftCookie(*state, draft.id, secret)});
  reply(std::move(response));
}

Response RenderFormPage(const State& state, const OpenDraft& open, const process::Page& page,
                        const nlohmann::json& data, const std::vector<process::FieldError>& errors,
                        int status, const std::string& resume_url = "",
                        const nlohmann::json& revealed = nullptr) {
  const process::Definition& definition = *open.service->definition;
  const logic::Context context = state.LogicContext();
  // The page's static view (labels, ids, options, rules) and the template specialised against it
  // are built once per definition and page and shared; per request only the overlay (answers,
  // errors, rules' results) is built and filled into the program's slots (form_view_cache.h).
  const auto program =
      state.form_views->PageProgram(state.catalog, state.layout.shared_templates(), definition, page);
  nlohmann::json view = FormPageOverlay(page, data, errors, context);
  int index = PageIndex(definition, page.id);
  const process::Page* previous = Neighbour(definition, index, -1, data, context);
  view["action_url"] = DraftUrl(open.draft) + "/seiten/" + page.id;
  view["csrf"] = applications::CsrfToken(open.secret);
  view["is_first_page"] = previous == nullptr;
  view["back_url"] = "/gemeinden/" + open.draft.municipality_ags + "/leistungen/" + definition.id;
  view["answers_json"] = data.dump();  // for the browser's rules (amtsweg.js); the user's own answers
  view["today"] = context.today;
  if (!resume_url.empty()) view["resume_url"] = resume_url;
  if (!revealed.is_null()) view["revealed"] = revealed;
  view["service_title"] = definition.title;
  view["fee_text"] = FeeText(definition, data, context);
  view["step"] = index + 1;
  view["steps"] = static_cast<int>(definition.pages.size());
  bool has_errors = view.value("has_errors", false);
  PageMeta meta{.title = page.title + " – " + definition.title, .has_errors = has_errors, .crumbs = {}};
  if (!program) {  // no form page template: the layout logs it and answers 500
    return NoStore(state.layout.Page(status, "form_page", nlohmann::json::object(), view, meta));
  }
  return NoStore(state.layout.Page(status, (*program)->program, view, meta));
}

Response ShowPage(const State& state, const Request& request) {
  auto opened = Open(state, request);
  if (auto* response = std::get_if<Response>(&opened)) return std::move(*response);
  auto& open = std::get<OpenDraft>(opened);
  const process::Definition& definition = *open.service->definition;
  int index = PageIndex(definition, request.Param("page"));
  if (index < 0 || (!PageVisible(definition.pages[index], open.data, state.LogicContext()) &&
                    !PreviewRequested(state, request))) {
    return Redirect(DraftUrl(open.draft) + "/seiten/" + open.draft.current_page);
  }
  return RenderFormPage(state, open, definition.pages[index], open.data, {}, 200);
}

// The resume link, absolute so that it can be copied into a note or an e-mail.
std::string ResumeUrl(const State& state, const Request& request, const OpenDraft& open) {
  std::string scheme = state.options.secure_cookies ? "https://" : "http://";
  return scheme + std::string(request.GetHeader("Host")) + "/antrag/" + open.draft.id +
         "/fortsetzen?schluessel=" + open.secret;
}

// True when `path` is `parent` or lies inside it ("hunde[0].name" inside "hunde").
bool Inside(std::string_view path, std::string_view parent) {
  return path.starts_with(parent) &&
         (path.size() == parent.size() || path[parent.size()] == '.' || path[parent.size()] == '[');
}

// The notice naming the questions `after` brought up on `page` (RevealedUnanswered), or null;
// their errors are taken out of `errors` (the person has not seen them yet).
nlohmann::json RevealedNotice(const process::Page& page, const nlohmann::json& before,
                              const nlohmann::json& after, const logic::Context& context,
                              std::vector<process::FieldError>& errors) {
  const auto revealed = RevealedUnanswered(page, before, after, context);
  if (revealed.empty()) return nullptr;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& field : revealed) {
    items.push_back({{"label", field.field->label}, {"href", "#" + FocusId(*field.field, field.path)}});
    std::erase_if(errors, [&](const process::FieldError& e) { return Inside(e.field, field.path); });
  }
  return {{"items", std::move(items)}};
}

// What a posted page tells the process monitor: the page completed ("Weiter" to the next page
// or the review), the fields it found wrong, or a save for later.
void TrackPage(const State& state, const Request& request, const OpenDraft& open, const process::Page& page,
               FormAction action, const std::vector<process::FieldError>& errors, const std::string& next_url,
               const std::string& next_page) {
  if (action == FormAction::kWeiter) {
    if (!errors.empty()) {
      state.usage.TrackErrors(UserAgent(request), *open.service, open.draft.journey, page.id, errors);
    } else if (!next_url.empty()) {
      state.usage.TrackCompleted(UserAgent(request), *open.service, open.draft.journey, page.id,
                                 next_page == page.id ? storage::kReviewPage : next_page);
    }
  } else if (action == FormAction::kSpeichern) {
    state.usage.Track(UserAgent(request), monitor::Kind::kDraftSaved, *open.service, open.draft.journey,
                      page.id);
  }
}

void SavePage(const std::shared_ptr<State>& state, const Request& request, http::Reply reply) {
  std::optional<PostedForm> form;
  auto opened = OpenForPost(*state, request, form);
  if (auto* response = std::get_if<Response>(&opened)) return reply(std::move(*response));
  auto open = std::make_shared<OpenDraft>(std::move(std::get<OpenDraft>(opened)));
  const process::Definition& definition = *open->service->definition;
  int index = PageIndex(definition, request.Param("page"));
  if (index < 0) return reply(NotFoundPage(*state));
  const process::Page& page = definition.pages[index];
  const logic::Context context = state->LogicContext();
  PageInput input = ReadPage(definition, page, open->data, form->fields, &form->files, context);

  std::vector<process::FieldError> errors = input.input_errors;
  std::string next_url;
  std::string next_page = page.id;
  nlohmann::json revealed;
  if (input.action == FormAction::kWeiter) {
    // Every problem of the page at once: input that could not be read (an impossible date) and
    // the page's rules for the rest; the first message per field wins.
    std::ranges::move(process::ValidatePage(definition, page, input.data, context),
                      std::back_inserter(errors));
    // Questions these answers brought up on this page, which a person without JavaScript has not
    // seen yet: the page comes back naming them, without errors about them.
    revealed = RevealedNotice(page, open->data, input.data, context, errors);
    if (errors.empty() && revealed.is_null()) {
      const process::Page* next = Neighbour(definition, index, +1, input.data, context);
      next_page = next != nullptr ? next->id : page.id;
      next_url = next != nullptr ? DraftUrl(open->draft) + "/seiten/" + next->id
                                 : DraftUrl(open->draft) + "/pruefen";
    }
  } else if (input.action == FormAction::kZurueck) {
    const process::Page* previous = Neighbour(definition, index, -1, input.data, context);
    if (previous != nullptr) next_page = previous->id;
    next_url = previous != nullptr
                   ? DraftUrl(open->draft) + "/seiten/" + previous->id
                   : "/gemeinden/" + open->draft.municipality_ags + "/leistungen/" + definition.id;
  } else if (input.action == FormAction::kHinzufuegen || input.action == FormAction::kEntfernen) {
    next_url = DraftUrl(open->draft) + "/seiten/" + page.id + "#" + FormInputId(input.target);
  }
  TrackPage(*state, request, *open, page, input.action, errors, next_url, next_page);
  auto now = state->options.now();
  open->draft.data_json = input.data.dump();
  open->draft.current_page = next_page;
  open->draft.updated_at = text::Rfc3339(now);
  open->draft.expires_at = text::Rfc3339(now + state->options.draft_retention);
  auto data = std::make_shared<nlohmann::json>(std::move(input.data));
  storage::DraftUpdate update{open->draft.id, open->draft.data_json, open->draft.current_page,
                              open->draft.updated_at, open->draft.expires_at};
  state->storage.SaveDraftAsync(
      std::move(update),
      [state, open, data, errors = std::move(errors), revealed = std::move(revealed), next_url,
       action = input.action, page_index = index, resume = ResumeUrl(*state, request, *open),
       reply = std::move(reply)](storage::Result<void> saved) {
        if (!saved) return reply(SaveFailed(*state, saved.error()));
        const process::Page& page = open->service->definition->pages[page_index];
        if (!next_url.empty()) return reply(Redirect(next_url));
        reply(RenderFormPage(*state, *open, page, *data, errors, 200,
                             action == FormAction::kSpeichern ? resume : "", revealed));
      });
}

Response Review(const State& state, const Request& request) {
  auto opened = Open(state, request);
  if (auto* response = std::get_if<Response>(&opened)) return std::move(*response);
  auto& open = std::get<OpenDraft>(opened);
  const process::Definition& definition = *open.service->definition;
  const logic::Context context = state.LogicContext();
  nlohmann::json view = ReviewView(definition, open.data, context, DraftUrl(open.draft));
  auto validated = process::ValidateSubmission(definition, open.data, context);
  if (!validated) {
    view["problems"] = Problems(definition, validated.error(), open.draft);
    view["has_problems"] = true;
  }
  view["submit_url"] = DraftUrl(open.draft) + "/absenden";
  view["csrf"] = applications::CsrfToken(open.secret);
  view["service_title"] = definition.title;
  view["fee_text"] = validated ? AmountDue(validated->fee_cents) : nlohmann::json();
  view["office_name"] = open.service->office->name;
  return Page(state, 200, "Angaben prüfen – " + definition.title, "review", std::move(view), !validated);
}

// How long the journey of `draft` has taken so far (for the time to submit).
std::optional<std::chrono::seconds> SinceStart(const State& state, const storage::Draft& draft) {
  auto started = text::ParseRfc3339(draft.created_at);
  if (!started) return std::nullopt;
  return std::max(std::chrono::seconds{0},
                  std::chrono::duration_cast<std::chrono::seconds>(state.options.now() - *started));
}

applications::IdempotentRequest SubmissionKey(const OpenDraft& open) {
  std::string canonical =
      open.draft.municipality_ags + "\n" + open.draft.process_id + "\n" + open.data.dump();
  return {open.secret, applications::HashKey(open.secret), applications::HashRequest(canonical)};
}

// A click on "Antrag absenden" after the draft was submitted and deleted (a third click, the
// back button): the confirmation again, when this browser's secret stored an application.
bool AlreadySubmitted(const State& state, const Request& request) {
  std::string id(request.Param("draft"));
  if (!applications::IsDraftId(id)) return false;
  auto secret = CookieValue(request, std::string(kCookiePrefix) + id);
  if (!secret || !FromOurOrigin(request)) return false;
  auto form = ReadForm(request);
  if (!form || !applications::SameToken(Field(form->fields, "csrf"), applications::CsrfToken(*secret))) {
    return false;
  }
  auto stored = state.storage.FindApplicationByIdempotencyKey(applications::HashKey(*secret));
  return stored && *stored;
}

void SubmitDraft(const std::shared_ptr<State>& state, const Request& request, http::Reply reply) {
  std::optional<PostedForm> form;
  auto opened = OpenForPost(*state, request, form);
  if (auto* response = std::get_if<Response>(&opened)) {
    if (response->status == 404 && AlreadySubmitted(*state, request)) {
      return reply(Redirect("/antrag/" + std::string(request.Param("draft")) + "/bestaetigung"));
    }
    return reply(std::move(*response));
  }
  auto open = std::make_shared<OpenDraft>(std::move(std::get<OpenDraft>(opened)));
  const process::Definition& definition = *open->service->definition;
  auto validated = process::ValidateSubmission(definition, open->data, state->LogicContext());
  if (!validated || !validated->fee_error.empty()) return reply(Redirect(DraftUrl(open->draft) + "/pruefen"));

  storage::NewApplication application = ApplicationOf(*state, *open, validated->data, validated->fee_cents);
  application.submitted_at = text::Rfc3339(state->options.now());
  applications::Submit(state->storage, state->options.random, std::move(application), SubmissionKey(*open),
                       [state, open, user_agent = std::string(UserAgent(request)),
                        reply = std::move(reply)](applications::SubmitOutcome outcome) {
                         using Kind = applications::SubmitOutcome::Kind;
                         if (outcome.kind != Kind::kStored && outcome.kind != Kind::kReplayed) {
                           if (!outcome.error.empty()) {
                             std::cerr << R"({"level":"error","msg":"storing an application failed","error":)"
                                       << nlohmann::json(outcome.error).dump() << "}\n";
                           }
                           return reply(Unavailable(*state));
                         }
                         if (outcome.kind == Kind::kStored) {
                           state->submitted.Inc();
                           state->usage.Track(user_agent, monitor::Kind::kSubmitted, *open->service,
                                              open->draft.journey, {}, SinceStart(*state, open->draft));
                         }
                         // Queued, not DeleteDraft: this runs on a storage thread, where a
                         // synchronous write would wait for itself. The confirmation page deletes
                         // it too, should this fail.
                         state->storage.DeleteDraftAsync(open->draft.id, [](storage::Result<void>) {});
                         reply(Redirect(DraftUrl(open->draft) + "/bestaetigung"));
                       });
}

// The draft `id` has done its work once an application was stored under its secret. Deleted
// only when the secret is the draft's own (the application was found by the secret alone); a
// failure leaves the draft to expire, the application is stored either way.
void DeleteSubmittedDraft(const State& state, const std::string& id, const std::string& secret) {
  auto found = state.storage.FindDraft(id, text::Rfc3339(state.options.now()));
  if (!found || !*found ||
      !applications::SameHash(applications::HashDraftSecret(secret), (*found)->secret_hash)) {
    return;
  }
  if (auto deleted = state.storage.DeleteDraft(id); !deleted) {
    std::cerr << R"({"level":"warn","msg":"deleting a submitted draft failed","error":)"
              << nlohmann::json(deleted.error().message).dump() << "}\n";
  }
}

Response Confirmation(const State& state, const Request& request) {
  std::string id(request.Param("draft"));
  if (!applications::IsDraftId(id)) return NotFoundPage(state);
  auto secret = CookieValue(request, std::string(kCookiePrefix) + id);
  if (!secret) return NotFoundPage(state);
  auto stored = state.storage.FindApplicationByIdempotencyKey(applications::HashKey(*secret));
  if (!stored) return Unavailable(state);
  if (!*stored) return NotFoundPage(state);
  const storage::NewApplication& a = (*stored)->application;
  auto token = applications::UnsealToken(a.sealed_access_token, *secret, a.request_hash);
  if (!token) return NotFoundPage(state);
  DeleteSubmittedDraft(state, id, *secret);
  const catalog::OfferedService* service = state.catalog->Find(a.municipality_ags, a.process_id);
  nlohmann::json view = {{"reference", a.reference},
                         {"access_token", *token},
                         {"service_title", service != nullptr ? service->definition->title : a.process_id},
                         {"office_name", service != nullptr ? service->office->name : ""},
                         {"office_email", service != nullptr ? service->office->email : ""},
                         {"duration", service != nullptr ? service->definition->duration : ""},
                         {"fee_text", AmountDue(a.fee_cents)},
                         {"sandbox", a.sandbox}};
  return Page(state, 200, "Antrag eingereicht", "journey_confirmation", std::move(view));
}

Response Resume(const State& state, const Request& request) {
  std::string id(request.Param("draft"));
  auto query = http::ParseQuery(request.query);
  std::string secret = query ? std::string(Field(*query, "schluessel")) : "";
  if (!applications::IsDraftId(id)) return NotFoundPage(state);
  auto found = state.storage.FindDraft(id, text::Rfc3339(state.options.now()));
  if (!found) return Unavailable(state);
  if (secret.empty() || !*found ||
      !applications::SameHash(applications::HashDraftSecret(secret), (*found)->secret_hash)) {
    return NotFoundPage(state);
  }
  if (const catalog::OfferedService* service =
          state.catalog->Find((*found)->municipality_ags, (*found)->process_id)) {
    state.usage.Track(UserAgent(request), monitor::Kind::kResumed, *service, (*found)->journey,
                      (*found)->current_page);
  }
  Response response = Redirect("/antrag/" + id + "/seiten/" + (*found)->current_page);
  response.headers.push_back({"Set-Cookie", DraftCookie(state, id, secret)});
  return response;
}

}  // namespace
}  // namespace amtsweg::web::journey

namespace amtsweg::web {

using namespace journey;

Journey::Journey(std::shared_ptr<const catalog::Catalog> catalog, storage::Storage& storage,
                 const Layout& layout, metrics::Registry& registry, JourneyOptions options)
    : state_(std::make_shared<State>(State{
          std::move(catalog), storage, layout, std::move(options),
          registry.GetCounter("amtsweg_web_drafts_started_total", "Applications started in the browser"),
          registry.GetCounter("amtsweg_web_applications_submitted_total",
                              "Applications submitted in the browser")})) {}

Journey::~Journey() = default;

void Journey::Register(http::Router& router) {
  auto state = state_;
  router.AddAsync(http::Method::kPost, "/gemeinden/{ags}/leistungen/{process}/antrag",
                  [state](const Request& r, http::Reply reply) { Start(state, r, std::move(reply)); });
  router.Get("/antrag/{draft}/seiten/{page}", [state](const Request& r) { return ShowPage(*state, r); });
  router.AddAsync(http::Method::kPost, "/antrag/{draft}/seiten/{page}",
                  [state](const Request& r, http::Reply reply) { SavePage(state, r, std::move(reply)); });
  router.Get("/antrag/{draft}/pruefen", [state](const Request& r) { return Review(*state, r); });
  router.AddAsync(http::Method::kPost, "/antrag/{draft}/absenden",
                  [state](const Request& r, http::Reply reply) { SubmitDraft(state, r, std::move(reply)); });
  router.Get("/antrag/{draft}/bestaetigung", [state](const Request& r) { return Confirmation(*state, r); });
  router.Get("/antrag/{draft}/fortsetzen", [state](const Request& r) { return Resume(*state, r); });
  journey::RegisterStatus(router, state);
  journey::RegisterPreview(router, state);
}

}  // namespace amtsweg::web
