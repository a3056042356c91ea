#pragma once
// The view of one form page for web/templates/form/form_page.mustache: a process definition page,
// the answers so far and the errors of the last "Weiter" turned into plain JSON the logic-less
// templates can render (type flags, ids, names, values, options, error texts). Pure: no I/O.
//
//   auto errors = ReadPage(...).input_errors;                       // form_input.h, first
//   auto more = process::ValidatePage(definition, page, data, ctx);  // then the validator's
//   errors.insert(errors.end(), more.begin(), more.end());
//   nlohmann::json view = FormPageView(definition, page, data, errors, ctx);
//   view["action_url"] = "/antrag/" + draft + "/seiten/" + page.id;   // added by the handler:
//   view["csrf"] = csrf; view["back_url"] = ...; view["is_first_page"] = ...;
//   view["fee_text"] = ...; view["resume_url"] = ...;                 // (both may be absent)
//   html = templates.Render("form_page", view);
//
// Names and ids follow docs (journey design): the input name is the JSON path of the answer
// ("hunde[0].name", "anschrift.plz", date parts "geburtsdatum.tag"), the id is "f-" + the name
// with '.', '[' and ']' turned into '-' ("f-hunde-0-name"). A field's `focus_id` is the id of its
// first input: the target of error-summary links and of the review page's "Ändern" links.
//
// Fields whose visible_if is false are rendered inside a wrapper with the `hidden` attribute and
// without values, so amtsweg.js can reveal them at once; the server ignores what they post
// (ReadPage drops hidden answers) and the validator skips them. Rules travel as JSON strings
// (`visible_if`, `required_if`, `fee_rule`) for data- attributes; inside a repeat the entry's
// path is on the entry (`entry_path`, data-item) because rules there read "item.<child>".
//
// An error is shown at the field whose path equals the error's path (first error per path
// wins); errors no rendered field claims are listed in the summary without a link.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "process/definition.h"
#include "process/validate.h"
#include "web/mustache_program.h"

namespace amtsweg::web {

// "hunde[0].name" -> "f-hunde-0-name"; "geburtsdatum.tag" -> "f-geburtsdatum-tag".
[[nodiscard]] std::string FormInputId(std::string_view name);

// The id of the first input of `field` rendered under `name` (date: the day input; radio,
// checkbox, yes/no: the first option; group, address: its first child; repeat: its fieldset).
[[nodiscard]] std::string FocusId(const process::Field& field, std::string_view name);

// Truthiness of a visible_if/required_if rule over `data`, with `item` the innermost repeat entry
// (nullptr outside repeats). A rule that fails at runtime yields `on_error` (the validator shows
// such a field and requires it: better asked than lost).
[[nodiscard]] bool RuleHolds(const process::RuleSource& rule, const nlohmann::json& data,
                             const nlohmann::json* item, const logic::Context& context, bool on_error);

// Evaluates rules as the validator does: over all answers, inside a repeatable group also with
// "item" = the innermost entry. The combined object is copied once per entry, not per rule.
// `data` and the entries must outlive the scope and stay unchanged while it is used.
class RuleScope final {
 public:
  RuleScope(const nlohmann::json& data, const logic::Context& context) : data_(data), context_(context) {}
  void Enter(const nlohmann::json& entry) { items_.push_back(&entry); }
  void Leave() { items_.pop_back(); }
  [[nodiscard]] bool Holds(const process::RuleSource& rule, bool on_error);
  // visible_if absent or truthy (a failing rule shows the field).
  [[nodiscard]] bool Visible(const std::optional<process::RuleSource>& visible_if);
  // `required`, or required_if truthy (a failing rule requires it).
  [[nodiscard]] bool Required(const process::Field& field);

 private:
  const nlohmann::json& Current();
  const nlohmann::json& data_;
  const logic::Context& context_;
  std::vector<const nlohmann::json*> items_;
  nlohmann::json scope_;
  const nlohmann::json* scope_item_ = nullptr;
};

// Whether a page is shown for these answers (its visible_if, if any).
[[nodiscard]] bool PageVisible(const process::Page& page, const nlohmann::json& data,
                               const logic::Context& context);

// The pages shown for these answers, in order: for "Weiter"/"Zurück" and the review page.
[[nodiscard]] std::vector<const process::Page*> VisiblePages(const process::Definition& definition,
                                                             const nlohmann::json& data,
                                                             const logic::Context& context);

// The view of `page` (see the file comment). Keys: title, intro, page_id, has_errors,
// error_summary [{text, href (or null), has_href}], fields [field views], needs_multipart
// (the page has a file input), fee_rule (JSON string or null), fee_description. Never throws on odd `data`
// (wrong types are shown as far as possible, never crash).
[[nodiscard]] nlohmann::json FormPageView(const process::Definition& definition, const process::Page& page,
                                          const nlohmann::json& data,
                                          const std::vector<process::FieldError>& errors,
                                          const logic::Context& context);

// FormPageView in two layers for mustache's layered rendering (mustache.h): FormPageView ==
// mustache::Merged(FormPageStaticView(…), FormPageOverlay(…)). The static view depends on the
// definition and the page only (labels, ids, names, hints, options, rules as JSON strings, input
// types: no answers, no errors, every field shown, `required` without required_if) and is built
// once per page (FormViewCache); the overlay holds per request only what the answers, the errors
// and the rules change (values, errors, the summary, checked flags, hidden, required_if, repeat
// entries — a repeat's entries are whole views, their ids depend on the data).
[[nodiscard]] nlohmann::json FormPageStaticView(const process::Definition& definition,
                                                const process::Page& page);
[[nodiscard]] nlohmann::json FormPageOverlay(const process::Page& page, const nlohmann::json& data,
                                             const std::vector<process::FieldError>& errors,
                                             const logic::Context& context);

// What FormPageOverlay may set, as a mustache::OverlayShape over FormPageStaticView (the form page
// template is specialised against the static view for overlays of this shape: a key not listed
// here is never read from the overlay). The contract, held by the unit test
// OverlaysKeepToTheirDeclaredShape for every page of every seed process:
//   page:                     fields (a list: one field overlay per field), error_summary,
//                             has_errors, needs_multipart; and any other key — the handler adds
//                             its own (action_url, csrf, resume_url, revealed, …) — except the
//                             static ones: page_id, title, intro, fee_rule, fee_description
//   every field:              hidden, error, error_id, has_error, describedby
//   a field with required_if: required, optional
//   text, multiline, number, money, email, phone, iban, postal code: value
//   select, radio, checkbox, yes/no: options (a list: one item per option, yes/no two), each
//                             {checked, selected}
//   date:                     date_parts (a list of three: day, month, year), each {part_value}
//   file:                     has_stored_file, file_name, keep_name, remove_name, remove_id
//   group, address:           children (a list: the child fields' overlays, these same rules)
//   repeat:                   entries (whole views: ids depend on the data), count, can_add
[[nodiscard]] mustache::OverlayShape FormPageOverlayShape(const process::Page& page);

}  // namespace amtsweg::web
