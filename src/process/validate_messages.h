#pragma once
// German error messages of the validation (GOV.UK / KERN style: say what is wrong and how to fix
// it, name the field). Internal to validate.cpp; kept apart so the wording can be reviewed in
// one place. docs/validation.md lists the codes these belong to.

#include <cstdint>
#include <string>

#include "process/definition.h"
#include "process/fields.h"

namespace amtsweg::process::messages {

// The label of a field, or its id when the label is empty.
[[nodiscard]] const std::string& LabelOf(const Field& field);

[[nodiscard]] std::string Required(const Field& field);
[[nodiscard]] std::string Type(const Field& field);
[[nodiscard]] std::string EntryType(const Field& repeat);
[[nodiscard]] std::string TooShort(const Field& field, std::int64_t min_length);
[[nodiscard]] std::string TooLong(const Field& field, std::int64_t max_length);
[[nodiscard]] std::string TooSmall(const Field& field, double min);
[[nodiscard]] std::string TooLarge(const Field& field, double max);
[[nodiscard]] std::string DateTooEarly(const Field& field, const Date& bound, bool bound_is_today);
[[nodiscard]] std::string DateTooLate(const Field& field, const Date& bound, bool bound_is_today);
[[nodiscard]] std::string InvalidDate(const Field& field);
[[nodiscard]] std::string Pattern(const Field& field);
[[nodiscard]] std::string InvalidOption(const Field& field);
[[nodiscard]] std::string InvalidEmail(const Field& field);
[[nodiscard]] std::string InvalidPhone(const Field& field);
[[nodiscard]] std::string InvalidIban(const Field& field);
[[nodiscard]] std::string InvalidPostalCode(const Field& field);
[[nodiscard]] std::string InvalidMoney(const Field& field);
[[nodiscard]] std::string InvalidFile(const Field& field);
[[nodiscard]] std::string FileType(const Field& field);
[[nodiscard]] std::string FileTooLarge(const Field& field, std::int64_t max_bytes);
[[nodiscard]] std::string TooFewItems(const Field& repeat, std::int64_t min_items);
[[nodiscard]] std::string TooManyItems(const Field& repeat, std::int64_t max_items);
[[nodiscard]] std::string UnknownField();
[[nodiscard]] std::string NotAnObject();
[[nodiscard]] std::string DataTooLarge();

}  // namespace amtsweg::process::messages
