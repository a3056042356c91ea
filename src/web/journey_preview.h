#pragma once
// The process designer's preview (sandbox only, no account needed): open any offered process
// with example answers, jump to any of its pages — also those the current answers hide — and
// see the JSON document the office's back-office system would receive for these answers
// (applications/document.h). Routes (registered only with --sandbox / `amtsweg demo`):
//   GET  /vorschau                          every offered process, per municipality
//   POST /vorschau/{ags}/{process}          a draft filled with the example answers -> its preview
//   GET  /antrag/{draft}/vorschau           pages, conditions, completeness, back-office JSON
//   POST /antrag/{draft}/vorschau           aktion=beispiel (example answers) | leeren (no answers)
// A preview draft is an ordinary sandbox draft: the citizen's pages, review and submission work
// on it unchanged (and a submission is test data like every sandbox application).

#include <memory>

#include "http/router.h"
#include "web/journey.h"

namespace amtsweg::web::journey {

void RegisterPreview(http::Router& router, const std::shared_ptr<Journey::State>& state);

// Whether GET /antrag/{draft}/seiten/{page} may show a page its answers hide: in the sandbox,
// with ?vorschau=1 (the preview's page links).
[[nodiscard]] bool PreviewRequested(const Journey::State& state, const http::Request& request);

}  // namespace amtsweg::web::journey
