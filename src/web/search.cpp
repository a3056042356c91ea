// Service search (see search.h). The catalogue is small (hundreds of offerings), so a linear
// scan per request is fast enough and needs no index to keep in step.

#include "web/search.h"

#include <algorithm>
#include <tuple>

namespace amtsweg::web {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string Haystack(const process::Definition& d) {
  return FoldCase(d.title) + "\n" + FoldCase(d.summary) + "\n" + FoldCase(d.topic);
}

bool ContainsAll(const std::string& haystack, const std::vector<std::string>& words) {
  return std::all_of(words.begin(), words.end(),
                     [&](const std::string& w) { return haystack.find(w) != std::string::npos; });
}

}  // namespace

std::string FoldCase(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      auto next = static_cast<unsigned char>(out[i + 1]);
      // U+00C0..U+00DE are upper case, U+00E0..U+00FE their lower case (U+00D7 is ×).
      if (next >= 0x80 && next <= 0x9E && next != 0x97) out[i + 1] = static_cast<char>(next + 0x20);
      ++i;
    }
  }
  return out;
}

std::vector<std::string> QueryWords(std::string_view query) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < query.size()) {
    while (i < query.size() && IsSpace(query[i])) ++i;
    std::size_t start = i;
    while (i < query.size() && !IsSpace(query[i])) ++i;
    if (i > start) words.push_back(FoldCase(query.substr(start, i - start)));
  }
  return words;
}

std::vector<const catalog::OfferedService*> SearchServices(const catalog::Catalog& catalog,
                                                           std::string_view query,
                                                           std::string_view preferred_ags) {
  const auto words = QueryWords(query);
  std::vector<const catalog::OfferedService*> hits;
  if (words.empty()) return hits;
  for (const auto& municipality : catalog.Municipalities()) {
    for (const auto* service : catalog.ServicesOf(municipality.ags)) {
      if (ContainsAll(Haystack(*service->definition), words)) hits.push_back(service);
    }
  }
  auto key = [&](const catalog::OfferedService* s) {
    bool preferred = s->municipality->ags == preferred_ags;
    bool in_title = ContainsAll(FoldCase(s->definition->title), words);
    return std::tuple<bool, bool, const std::string&, const std::string&>(
        !preferred, !in_title, s->definition->title, s->municipality->name);
  };
  std::stable_sort(hits.begin(), hits.end(), [&](const auto* a, const auto* b) { return key(a) < key(b); });
  return hits;
}

}  // namespace amtsweg::web
