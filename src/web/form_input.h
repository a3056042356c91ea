#pragma once
// Reading one posted form page back into answers: the inverse of form_view.h. Pure: the handler
// parses the body (http/form.h) and stores the result.
//
//   auto parts = http::ParseMultipart(content_type, body);          // or ParseUrlEncoded(body)
//   http::FormFields fields = PlainFields(*parts);
//   PageInput input = ReadPage(definition, page, draft.data, fields, &*parts, context);
//   SaveDraft(input.data);                                          // on every action
//   switch (input.action) {
//     case FormAction::kWeiter:  errors = input.input_errors + ValidatePage(...); ...
//     case FormAction::kHinzufuegen: case FormAction::kEntfernen:   // same page again, no errors
//   }
//
// What it understands (input names are JSON paths, see form_view.h):
//   text-like       the value as typed (CR LF -> LF); blank means no answer
//   number, money   German "1.234,5" or "1234.5" (see ParseGermanNumber); money at most 2 decimals
//   date            `<name>.tag`, `<name>.monat`, `<name>.jahr`, leading zeros optional; all empty
//                   means no answer
//   yes/no          "ja" / "nein" -> true / false
//   checkbox        the name repeated once per ticked option -> array
//   select, radio   the option value ("" means no answer)
//   address, group  `<name>.<child>`; nothing answered means no answer
//   repeat          `<name>[<i>].<child>` and the hidden `<name>.anzahl` (entries on the page)
//   file            a multipart part named `<name>` with a filename -> {filename, content_type,
//                   content_base64}; else `<name>.behalten=1` keeps the stored file and
//                   `<name>.entfernen` removes it
// Input that cannot even be represented keeps its raw form in `data` (a string for a number, the
// parts {tag, monat, jahr} for a date) so the page shows it again for correction, and gets an
// entry in `input_errors` (codes invalid_number, invalid_money, invalid_date) with a German
// message; pass these before ValidatePage's errors to FormPageView (first per path wins). An
// upload too large (file_too_large) or whose content is not of an accepted type (file_type, judged
// by its bytes, not its name) is not stored: the file kept before, if any, stays.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/form.h"
#include "process/definition.h"
#include "process/validate.h"

namespace amtsweg::web {

// The button pressed: `aktion` = weiter | zurueck | speichern | hinzufuegen:<repeat path> |
// entfernen:<repeat path>[<index>]. Anything else, or add/remove of something that is not a
// repeat on this page, is kWeiter.
enum class FormAction { kWeiter, kZurueck, kSpeichern, kHinzufuegen, kEntfernen };

struct PageInput {
  // The draft's answers with this page's fields replaced by what was posted: keys of other pages
  // untouched, fields of this page hidden under the new answers removed, add/remove applied.
  nlohmann::json data;
  FormAction action = FormAction::kWeiter;
  // kHinzufuegen: the repeat's path ("hunde"); kEntfernen: the removed entry ("hunde[1]").
  std::string target;
  std::vector<process::FieldError> input_errors;
};

// `fields`: every plain field posted (urlencoded body, or PlainFields of a multipart body).
// `files`: the multipart parts (only those with a filename are read), or nullptr.
[[nodiscard]] PageInput ReadPage(const process::Definition& definition, const process::Page& page,
                                 const nlohmann::json& data, const http::FormFields& fields,
                                 const std::vector<http::MultipartPart>* files,
                                 const logic::Context& context);

// A question the latest answers brought up on the same page: shown now, hidden when the page
// was rendered, and not answered — a person without JavaScript could not see it. "Weiter" then
// shows the page again with a notice naming these questions instead of errors about them.
struct RevealedField {
  std::string path;  // "zweck_sonstiges", "anschrift" (a group revealed as a whole)
  const process::Field* field = nullptr;
};

// Fields of `page` (top level, inside groups and inside each repeat entry, compared with the same
// entry before) visible under `after` but not under `before` and without an answer in `after`.
[[nodiscard]] std::vector<RevealedField> RevealedUnanswered(const process::Page& page,
                                                            const nlohmann::json& before,
                                                            const nlohmann::json& after,
                                                            const logic::Context& context);

// The parts of a multipart body that are plain fields (no filename), as name/value pairs.
[[nodiscard]] http::FormFields PlainFields(const std::vector<http::MultipartPart>& parts);

// "weiter", "zurueck", "speichern", "hinzufuegen", "entfernen".
[[nodiscard]] std::string_view ActionName(FormAction action);

// German or plain notation: "1.234,5", "1234,5", "1234.5", "-3", "+2". A comma makes every dot a
// thousands separator (groups of three); without a comma, dots are thousands separators when
// they split the number into groups of three after a first group 1..999 ("1.234" = 1234,
// "1.234.567"), otherwise a single dot is the decimal point ("12.50", "0.123"). Blanks around
// the number are ignored. nullopt for anything else, for more than 40 characters and for
// non-finite results.
[[nodiscard]] std::optional<double> ParseGermanNumber(std::string_view text);

// A money amount in euros as ParseGermanNumber reads it, with at most two decimals (trailing
// zeros do not count: "12,500" is 12.5).
[[nodiscard]] std::optional<double> ParseGermanMoney(std::string_view text);

// Day, month and year as typed ("7", "03", "2007") -> "2007-03-07"; nullopt unless all three
// are digits (day and month one or two, year four) forming a real calendar date.
[[nodiscard]] std::optional<std::string> DateFromParts(std::string_view day, std::string_view month,
                                                       std::string_view year);

}  // namespace amtsweg::web
