// Service search (see search.h). The catalogues are small (hundreds of offerings and OZG
// services), so a linear scan per request is fast enough and needs no index to keep in step.

#include "web/search.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace amtsweg::web {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string OzgWords(const catalog::OzgService& s) {
  std::string words = s.name + "\n" + s.ozg_leistung + "\n" + s.lebenslage + "\n" + s.themenfeld;
  for (const auto& synonym : s.synonyms) words += "\n" + synonym;
  return FoldCase(words);
}

std::string Haystack(const process::Definition& d, const catalog::OzgService* ozg) {
  return FoldCase(d.title + "\n" + d.summary + "\n" + d.topic) +
         (ozg != nullptr ? "\n" + OzgWords(*ozg) : "");
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

SearchResults Search(const catalog::Catalog& catalog, const std::vector<catalog::OzgService>& ozg,
                     std::string_view query, std::string_view preferred_ags) {
  const auto words = QueryWords(query);
  SearchResults found;
  if (words.empty()) return found;
  std::map<std::string_view, const catalog::OzgService*> by_leika;
  for (const auto& service : ozg) by_leika.emplace(service.leika, &service);
  auto ozg_of = [&](const process::Definition& d) {
    auto it = by_leika.find(d.leika);
    return it == by_leika.end() ? nullptr : it->second;
  };

  std::set<std::string_view> online_keys;  // LeiKa keys offered online by the preferred one (or any)
  for (const auto& municipality : catalog.Municipalities()) {
    for (const auto* service : catalog.ServicesOf(municipality.ags)) {
      if (preferred_ags.empty() || municipality.ags == preferred_ags)
        online_keys.insert(service->definition->leika);
      if (ContainsAll(Haystack(*service->definition, ozg_of(*service->definition)), words)) {
        found.online.push_back(service);
      }
    }
  }
  auto key = [&](const catalog::OfferedService* s) {
    bool preferred = s->municipality->ags == preferred_ags;
    bool in_title = ContainsAll(FoldCase(s->definition->title), words);
    return std::tuple<bool, bool, const std::string&, const std::string&>(
        !preferred, !in_title, s->definition->title, s->municipality->name);
  };
  std::stable_sort(found.online.begin(), found.online.end(),
                   [&](const auto* a, const auto* b) { return key(a) < key(b); });

  for (const auto& service : ozg) {
    if (online_keys.count(service.leika) == 0 && ContainsAll(OzgWords(service), words)) {
      found.not_online.push_back(&service);
    }
  }
  auto ozg_key = [&](const catalog::OzgService* s) {
    return std::tuple<bool, const std::string&>(!ContainsAll(FoldCase(s->name), words), s->name);
  };
  std::stable_sort(found.not_online.begin(), found.not_online.end(),
                   [&](const auto* a, const auto* b) { return ozg_key(a) < ozg_key(b); });
  if (found.not_online.size() > kMaxNotOnline) found.not_online.resize(kMaxNotOnline);
  return found;
}

}  // namespace amtsweg::web
