// Mustache rendering (see templates.h) on kainjow::mustache (Debian libkainjow-mustache-dev).
//
// A compiled kainjow template keeps state while it renders, so each thread compiles its own
// copies once and reuses them (thread_local cache keyed by the Templates object's serial).
//
// kainjow parses a partial anew every time it is included, which made a form page with dozens of
// fields cost milliseconds. So partials are expanded into the including template's text once, at
// load (a partial renders in the context where it stands, exactly as its text there would);
// recursive partials (a field holding fields, a review row holding rows) are unrolled a few
// levels deep and only beyond that parsed at render time.

#include "web/templates.h"

#include <kainjow/mustache.hpp>

#include <atomic>
#include <regex>
#include <set>
#include <unordered_map>

namespace amtsweg::web {

std::span<const std::pair<std::string_view, std::string_view>> TemplateFiles();  // generated

namespace {

using Mustache = kainjow::mustache::mustache;
using Data = kainjow::mustache::data;

constexpr std::string_view kExtension = ".mustache";
// How deep recursive partials are unrolled at load (see Expand).
constexpr int kUnrollDepth = 3;

std::string BaseName(std::string_view file) {
  std::size_t slash = file.rfind('/');
  std::string_view base = slash == std::string_view::npos ? file : file.substr(slash + 1);
  if (base.ends_with(kExtension)) base.remove_suffix(kExtension.size());
  return std::string(base);
}

Data ToData(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      Data object{Data::type::object};
      // operator[] plus move assignment: set() would deep-copy the subtree (twice).
      for (const auto& [key, item] : value.items()) object[key] = ToData(item);
      return object;
    }
    case nlohmann::json::value_t::array: {
      Data list{Data::type::list};
      for (const auto& item : value) list.push_back(ToData(item));
      return list;
    }
    case nlohmann::json::value_t::string:
      return Data(value.get_ref<const std::string&>());
    case nlohmann::json::value_t::boolean:
      return Data(value.get<bool>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return Data(value.dump());
    default:
      return Data(false);  // null: renders nothing, hides a section
  }
}

// {{> name}} with optional spaces.
const std::regex& PartialTag() {
  static const std::regex kTag(R"(\{\{>\s*([^\s}]+)\s*\}\})");
  return kTag;
}

std::vector<std::string> PartialsOf(const std::string& source) {
  std::vector<std::string> names;
  for (std::sregex_iterator it(source.begin(), source.end(), PartialTag()), end; it != end; ++it) {
    names.push_back((*it)[1].str());
  }
  return names;
}

// Names of templates that include themselves, directly or through others.
std::set<std::string> RecursivePartials(const std::map<std::string, std::string, std::less<>>& sources) {
  std::set<std::string> recursive;
  for (const auto& [start, source] : sources) {
    std::set<std::string> seen;
    std::vector<std::string> todo = PartialsOf(source);
    while (!todo.empty()) {
      std::string next = todo.back();
      todo.pop_back();
      if (next == start) {
        recursive.insert(start);
        break;
      }
      auto found = sources.find(next);
      if (found == sources.end() || !seen.insert(next).second) continue;
      for (auto& name : PartialsOf(found->second)) todo.push_back(std::move(name));
    }
  }
  return recursive;
}

// `source` with every partial replaced by its (expanded) text. A recursive partial (a form field
// holding a group of fields) is unrolled `depth` levels deep — deeper than any process nests —
// and left as a runtime partial below that.
std::string Expand(const std::string& source, const std::map<std::string, std::string, std::less<>>& sources,
                   const std::set<std::string>& recursive, int depth) {
  std::string out;
  auto last = source.cbegin();
  for (std::sregex_iterator it(source.begin(), source.end(), PartialTag()), end; it != end; ++it) {
    std::string name = (*it)[1].str();
    auto found = sources.find(name);
    bool is_recursive = recursive.count(name) != 0;
    if (found == sources.end() || (is_recursive && depth == 0)) continue;  // left as a partial
    out.append(last, source.cbegin() + it->position());
    out += Expand(found->second, sources, recursive, is_recursive ? depth - 1 : depth);
    last = source.cbegin() + it->position() + it->length();
  }
  out.append(last, source.cend());
  return out;
}

std::atomic<std::uint64_t> next_serial{1};

}  // namespace

tl::expected<std::shared_ptr<const Templates>, std::vector<std::string>> Templates::Embedded() {
  return FromSources(TemplateFiles());
}

tl::expected<std::shared_ptr<const Templates>, std::vector<std::string>> Templates::FromSources(
    std::span<const std::pair<std::string_view, std::string_view>> files) {
  std::shared_ptr<Templates> templates(new Templates());
  std::vector<std::string> errors;
  for (const auto& [file, source] : files) {
    std::string name = BaseName(file);
    if (templates->sources_.count(name) != 0) {
      errors.push_back(std::string(file) + ": a template named '" + name + "' exists already");
      continue;
    }
    Mustache compiled{std::string(source)};
    if (!compiled.is_valid()) {
      errors.push_back(std::string(file) + ": " + compiled.error_message());
      continue;
    }
    templates->sources_.emplace(std::move(name), std::string(source));
  }
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  std::set<std::string> recursive = RecursivePartials(templates->sources_);
  for (const auto& [name, source] : templates->sources_) {
    templates->expanded_.emplace(name, Expand(source, templates->sources_, recursive, kUnrollDepth));
  }
  templates->recursive_.assign(recursive.begin(), recursive.end());
  templates->serial_ = next_serial++;
  return templates;
}

tl::expected<std::string, std::string> Templates::Render(std::string_view name,
                                                         const nlohmann::json& view) const {
  auto source = expanded_.find(name);
  if (source == expanded_.end()) return tl::unexpected("no template named '" + std::string(name) + "'");
  thread_local std::unordered_map<std::uint64_t, std::unordered_map<std::string, Mustache>> cache;
  auto& mine = cache[serial_];
  auto compiled = mine.find(source->first);
  if (compiled == mine.end()) compiled = mine.emplace(source->first, Mustache{source->second}).first;

  Data data = ToData(view);
  if (!data.is_object()) data = Data{Data::type::object};
  for (const std::string& partial : recursive_) {
    if (view.is_object() && view.contains(partial)) continue;  // the view's own key wins
    const std::string* body = &expanded_.find(partial)->second;
    data.set(partial, Data{kainjow::mustache::partial{[body] { return *body; }}});
  }
  std::string html = compiled->second.render(data);
  if (!compiled->second.is_valid()) {
    std::string error = compiled->second.error_message();
    mine.erase(compiled);  // recompile next time: the failed render left it invalid
    return tl::unexpected("template '" + std::string(name) + "': " + error);
  }
  return html;
}

}  // namespace amtsweg::web
