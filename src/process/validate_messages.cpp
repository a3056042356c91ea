// German validation messages (see validate_messages.h). Labels are quoted with „…“ because we
// cannot inflect arbitrary labels ("Geben Sie Ihren Vornamen ein" needs grammar per label).

#include "process/validate_messages.h"

#include <cmath>

#include "process/fee.h"

namespace amtsweg::process::messages {
namespace {

std::string Quoted(const Field& field) { return "„" + LabelOf(field) + "“"; }

bool IsChoice(FieldType type) {
  return type == FieldType::kSelect || type == FieldType::kRadio || type == FieldType::kCheckbox ||
         type == FieldType::kYesNo;
}

std::string FormatLimit(const Field& field, double value) {
  if (field.type == FieldType::kMoney) {
    if (const auto cents = RoundEurosToCents(value)) return FormatEuro(*cents);
  }
  return FormatGermanNumber(value);
}

std::string FormatBytes(std::int64_t bytes) {
  constexpr double kMegabyte = 1024.0 * 1024.0;
  if (bytes >= 1024 * 1024) return FormatGermanNumber(std::round(bytes / kMegabyte * 10) / 10) + " MB";
  if (bytes >= 1024) return FormatGermanNumber(std::round(bytes / 1024.0)) + " KB";
  return FormatGermanNumber(static_cast<double>(bytes)) + " Byte";
}

// "PDF, PNG oder JPEG" from an accept list.
std::string FileTypeNames(const std::vector<std::string>& accept) {
  const std::vector<std::string> defaults{"application/pdf", "image/png", "image/jpeg"};
  const auto& types = accept.empty() ? defaults : accept;
  std::vector<std::string> names;
  for (const auto& type : types) {
    std::string name = type;
    if (type == "application/pdf") name = "PDF";
    if (type == "image/png") name = "PNG";
    if (type == "image/jpeg") name = "JPEG";
    if (type == "image/gif") name = "GIF";
    if (type == "image/heic") name = "HEIC";
    if (type == "image/*") name = "Bild";
    names.push_back(std::move(name));
  }
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " oder " : ", ";
    out += names[i];
  }
  return out;
}

std::string Items(std::int64_t n) { return n == 1 ? "einen Eintrag" : std::to_string(n) + " Einträge"; }

}  // namespace

const std::string& LabelOf(const Field& field) { return field.label.empty() ? field.id : field.label; }

std::string Required(const Field& field) {
  if (IsChoice(field.type)) return "Wählen Sie " + Quoted(field) + " aus.";
  if (field.type == FieldType::kFile) return "Laden Sie " + Quoted(field) + " hoch.";
  if (field.type == FieldType::kRepeat)
    return "Geben Sie mindestens einen Eintrag für " + Quoted(field) + " an.";
  return "Geben Sie " + Quoted(field) + " an.";
}

std::string Type(const Field& field) {
  switch (field.type) {
    case FieldType::kNumber:
      return "Geben Sie " + Quoted(field) + " als Zahl an.";
    case FieldType::kMoney:
      return "Geben Sie " + Quoted(field) + " als Betrag in Euro an.";
    case FieldType::kYesNo:
      return "Wählen Sie bei " + Quoted(field) + " Ja oder Nein aus.";
    case FieldType::kSelect:
    case FieldType::kRadio:
    case FieldType::kCheckbox:
      return "Wählen Sie für " + Quoted(field) + " eine der angebotenen Möglichkeiten aus.";
    case FieldType::kFile:
      return "Laden Sie für " + Quoted(field) + " eine Datei hoch.";
    case FieldType::kAddress:
    case FieldType::kGroup:
    case FieldType::kRepeat:
      return "Die Angaben zu " + Quoted(field) + " haben nicht die erwartete Form.";
    default:
      return "Geben Sie " + Quoted(field) + " als Text an.";
  }
}

std::string EntryType(const Field& repeat) {
  return "Ein Eintrag bei " + Quoted(repeat) + " hat nicht die erwartete Form.";
}

std::string TooShort(const Field& field, std::int64_t min_length) {
  return Quoted(field) + " muss mindestens " + std::to_string(min_length) + " Zeichen lang sein.";
}

std::string TooLong(const Field& field, std::int64_t max_length) {
  return Quoted(field) + " darf höchstens " + std::to_string(max_length) + " Zeichen lang sein.";
}

std::string TooSmall(const Field& field, double min) {
  return Quoted(field) + " muss mindestens " + FormatLimit(field, min) + " betragen.";
}

std::string TooLarge(const Field& field, double max) {
  return Quoted(field) + " darf höchstens " + FormatLimit(field, max) + " betragen.";
}

std::string DateTooEarly(const Field& field, const Date& bound, bool bound_is_today) {
  if (bound_is_today) return Quoted(field) + " darf nicht in der Vergangenheit liegen.";
  return Quoted(field) + " darf nicht vor dem " + FormatGermanDate(bound) + " liegen.";
}

std::string DateTooLate(const Field& field, const Date& bound, bool bound_is_today) {
  if (bound_is_today) return Quoted(field) + " darf nicht in der Zukunft liegen.";
  return Quoted(field) + " darf nicht nach dem " + FormatGermanDate(bound) + " liegen.";
}

std::string InvalidDate(const Field& field) {
  return Quoted(field) + " ist kein gültiges Datum. Prüfen Sie Tag, Monat und Jahr.";
}

std::string Pattern(const Field& field) {
  if (!field.validation.pattern_message.empty()) return field.validation.pattern_message;
  return Quoted(field) + " hat nicht das erwartete Format.";
}

std::string InvalidOption(const Field& field) {
  return "Wählen Sie für " + Quoted(field) + " eine der angebotenen Möglichkeiten aus.";
}

std::string InvalidEmail(const Field& field) {
  return Quoted(field) + " ist keine gültige E-Mail-Adresse. Geben Sie sie in der Form name@beispiel.de an.";
}

std::string InvalidPhone(const Field& field) {
  return Quoted(field) +
         " ist keine gültige Telefonnummer. Verwenden Sie mindestens 5 Ziffern und nur Leerzeichen, + / - ( "
         ") "
         "als Trennzeichen.";
}

std::string InvalidIban(const Field&) {
  return "Die IBAN ist ungültig. Prüfen Sie die Eingabe; eine deutsche IBAN hat 22 Zeichen und beginnt mit "
         "DE.";
}

std::string InvalidPostalCode(const Field& field) {
  return Quoted(field) + " ist keine gültige Postleitzahl. Eine deutsche Postleitzahl hat 5 Ziffern.";
}

std::string InvalidMoney(const Field& field) {
  return "Geben Sie " + Quoted(field) + " als Betrag in Euro mit höchstens zwei Nachkommastellen an.";
}

std::string InvalidFile(const Field& field) {
  return "Die Datei für " + Quoted(field) + " konnte nicht gelesen werden. Laden Sie sie erneut hoch.";
}

std::string FileType(const Field& field) {
  return "Die Datei für " + Quoted(field) + " muss vom Typ " + FileTypeNames(field.accept) + " sein.";
}

std::string FileTooLarge(const Field& field, std::int64_t max_bytes) {
  return "Die Datei für " + Quoted(field) + " darf höchstens " + FormatBytes(max_bytes) + " groß sein.";
}

std::string TooFewItems(const Field& repeat, std::int64_t min_items) {
  return "Geben Sie bei " + Quoted(repeat) + " mindestens " + Items(min_items) + " an.";
}

std::string TooManyItems(const Field& repeat, std::int64_t max_items) {
  return "Geben Sie bei " + Quoted(repeat) + " höchstens " + Items(max_items) + " an.";
}

std::string UnknownField() { return "Dieses Feld gibt es in diesem Antrag nicht."; }

std::string NotAnObject() { return "Die Angaben müssen als JSON-Objekt übermittelt werden."; }

std::string DataTooLarge() { return "Die Angaben sind zu umfangreich oder zu tief verschachtelt."; }

}  // namespace amtsweg::process::messages
