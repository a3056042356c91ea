#pragma once
// The view of the "Angaben prüfen" page (web/templates/form/review.mustache): every visible
// answer of a draft in German display form, grouped by page, each with an "Ändern" link to the
// input on its page. Pure: no I/O.
//
//   nlohmann::json view = ReviewView(definition, draft.data, context, "/antrag/" + draft.id);
//   view["csrf"] = csrf; view["submit_url"] = "/antrag/" + draft.id + "/absenden";  // handler
//   view["fee_text"] = FormatEuro(fee_cents);                                          // optional
//   html = templates.Render("review", view);
//
// Keys: title (the process title), sections [{page_id, title, page_url, rows}] for the visible
// pages, fee_description. A row is {label, lines [{text}], has_entries, entries [{entry_title,
// rows}], change_url, change_label}: answers with several lines (addresses, multi-line text,
// ticked options) have several lines; groups have one untitled entry, repeats one entry per
// item ("Hund 1", "Hund 2"), each with rows of its own. Display: dates TT.MM.JJJJ, money
// "1.234,50 €", numbers "1.234,5", yes/no "Ja"/"Nein", options by label, files by name, IBAN in
// groups of four; an unanswered visible field shows "Keine Angabe".

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "process/definition.h"

namespace amtsweg::web {

[[nodiscard]] nlohmann::json ReviewView(const process::Definition& definition, const nlohmann::json& data,
                                        const logic::Context& context, std::string_view draft_base_url);

// One answer as the review shows it (lines of text); empty for no answer. Exposed for tests and
// for the status page.
[[nodiscard]] std::vector<std::string> DisplayLines(const process::Field& field, const nlohmann::json& value);

}  // namespace amtsweg::web
