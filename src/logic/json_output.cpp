// JSON.stringify for results: see ToJsJson in logic.h.
#include <cmath>
#include <cstdio>

#include "logic/logic.h"

namespace amtsweg::logic {
namespace {

void AppendQuoted(const std::string& text, std::string& out) {
  out.push_back('"');
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

void Append(const Json& value, std::string& out) {
  switch (value.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
    case Json::value_t::binary:
      out += "null";
      return;
    case Json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: {
      double number = value.get<double>();
      out += std::isfinite(number) ? JsNumberToString(number) : "null";
      return;
    }
    case Json::value_t::string:
      AppendQuoted(value.get_ref<const std::string&>(), out);
      return;
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& element : value) {
        if (!first) out.push_back(',');
        first = false;
        Append(element, out);
      }
      out.push_back(']');
      return;
    }
    case Json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, element] : value.items()) {
        if (!first) out.push_back(',');
        first = false;
        AppendQuoted(key, out);
        out.push_back(':');
        Append(element, out);
      }
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

std::string ToJsJson(const Json& value) {
  std::string out;
  Append(value, out);
  return out;
}

}  // namespace amtsweg::logic
