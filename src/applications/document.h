#pragma once
// The application as the responsible office's back-office system (Fachverfahren) receives it:
// one self-describing JSON document per application — who it is for (municipality, office),
// which service in which version and local variant (with its LeiKa key), when it arrived, the fee,
// whether it is test data, and the validated answers in the shape the process definition gives
// them (docs/process-format.md). Delivery (push/pull, JWE encryption) sends exactly this
// document; the designer's preview shows it before anything is submitted (docs/citizen-journey.md).
//
//   nlohmann::json doc = BackOfficeDocument(application, {.leika = …, .process_title = …, …});
//
// The format is versioned ("format": "amtsweg.antrag/1"): fields are only ever added; a change
// that removes or renames one gets a new format version.

#include <string>

#include <nlohmann/json.hpp>

#include "storage/storage.h"

namespace amtsweg::applications {

inline constexpr std::string_view kDocumentFormat = "amtsweg.antrag/1";

// What the stored application does not hold itself: names from the catalogue.
struct DocumentNames {
  std::string leika;          // 14-digit LeiKa key of the service
  std::string process_title;  // "Hund anmelden"
  std::string municipality_name;
  std::string office_name;
  std::string office_email;
};

// `application.reference` empty (a preview, nothing submitted yet) -> "reference": null.
// `application.data_json` that is not valid JSON -> "data": null (never thrown).
[[nodiscard]] nlohmann::json BackOfficeDocument(const storage::NewApplication& application,
                                                const DocumentNames& names);

}  // namespace amtsweg::applications
