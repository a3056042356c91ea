// Fee computation and German amount formatting (see fee.h).

#include "process/fee.h"

#include <cmath>
#include <cstdio>

#include "process/fields.h"

namespace amtsweg::process {
namespace {

// "1234567" -> "1.234.567"
std::string GroupThousands(std::string_view digits) {
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace

tl::expected<std::int64_t, std::string> ComputeFeeCents(const Definition& definition,
                                                        const Json& cleaned_data,
                                                        const logic::Context& context) {
  if (!definition.fee.rule) return 0;
  const auto result = definition.fee.rule->rule.Evaluate(cleaned_data, context);
  if (!result) return tl::unexpected("fee rule of " + definition.id + " failed: " + result.error().message);
  if (!result->is_number()) {
    return tl::unexpected("fee rule of " + definition.id + " returned " + result->dump() + ", not a number");
  }
  const double euros = result->get<double>();
  if (!std::isfinite(euros) || euros < 0) {
    return tl::unexpected("fee rule of " + definition.id + " returned " + result->dump() +
                          ", not a finite non-negative amount");
  }
  const auto cents = RoundEurosToCents(euros);
  if (!cents)
    return tl::unexpected("fee rule of " + definition.id +
                          " returned an amount too large: " + result->dump());
  return *cents;
}

std::string FormatEuro(std::int64_t cents) {
  const bool negative = cents < 0;
  // Magnitude as unsigned, safe for INT64_MIN.
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
  char fraction[4];
  std::snprintf(fraction, sizeof fraction, "%02u", static_cast<unsigned>(magnitude % 100));
  return (negative ? "-" : "") + GroupThousands(std::to_string(magnitude / 100)) + "," + fraction + " €";
}

std::string FormatGermanNumber(double value) {
  if (!std::isfinite(value)) return "?";
  char buffer[400];
  std::snprintf(buffer, sizeof buffer, "%.6f", std::fabs(value));
  std::string_view text(buffer);
  const auto dot = text.find('.');
  std::string_view fraction = text.substr(dot + 1);
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  std::string out = GroupThousands(text.substr(0, dot));
  if (!fraction.empty()) out += "," + std::string(fraction);
  const bool is_zero = out == "0";
  return (value < 0 && !is_zero ? "-" : "") + out;
}

}  // namespace amtsweg::process
