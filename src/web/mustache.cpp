// Mustache compiler and renderer over nlohmann::json (see mustache.h).

#include "web/mustache.h"

#include <algorithm>

#include "web/mustache_render.h"

namespace amtsweg::web::mustache {
namespace {

constexpr std::string_view kOpen = "{{";
constexpr std::string_view kClose = "}}";

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::vector<std::string> SplitPath(std::string_view name) {
  std::vector<std::string> path;
  if (name == ".") return path;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = name.find('.', start);
    path.emplace_back(
        name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return path;
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

int LineOf(std::string_view source, std::size_t offset) {
  return 1 + static_cast<int>(
                 std::count(source.begin(), source.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

struct Open {
  Nodes* nodes;
  std::string name;
  int line;
};

}  // namespace

tl::expected<Template, std::string> Compile(std::string_view source) {
  Template compiled;
  std::vector<Open> stack{{&compiled.nodes, "", 0}};
  std::string text;  // literal text not yet emitted
  auto flush = [&] {
    if (text.empty()) return;
    Node node;
    node.text = std::move(text);
    stack.back().nodes->push_back(std::move(node));
    text.clear();
  };
  std::size_t pos = 0;
  while (pos < source.size()) {
    std::size_t open = source.find(kOpen, pos);
    if (open == std::string_view::npos) {
      text.append(source.substr(pos));
      break;
    }
    bool triple = source.substr(open, 3) == "{{{";
    std::size_t close = source.find(triple ? "}}}" : kClose, open + (triple ? 3 : 2));
    if (close == std::string_view::npos) {
      return tl::unexpected("line " + std::to_string(LineOf(source, open)) + ": tag is not closed");
    }
    std::string_view inside = source.substr(open + (triple ? 3 : 2), close - open - (triple ? 3 : 2));
    std::size_t after = close + (triple ? 3 : 2);
    char sigil = triple ? '{' : (inside.empty() ? '\0' : inside.front());
    bool has_sigil =
        !triple && sigil != '\0' && std::string_view("#^/>!&").find(sigil) != std::string_view::npos;
    bool block = has_sigil && sigil != '&';
    std::string_view name = Trim(has_sigil ? inside.substr(1) : inside);

    // A standalone block tag (alone on its line but for blanks) takes its whole line with it.
    std::size_t previous_newline = open == 0 ? std::string_view::npos : source.rfind('\n', open - 1);
    std::size_t line_start = previous_newline == std::string_view::npos ? 0 : previous_newline + 1;
    std::size_t line_end = source.find('\n', after);
    bool standalone = block && IsBlank(source.substr(line_start, open - line_start)) &&
                      IsBlank(source.substr(
                          after, (line_end == std::string_view::npos ? source.size() : line_end) - after));
    std::string_view before = source.substr(pos, open - pos);
    if (standalone) {
      text.append(before.substr(0, std::max(line_start, pos) - pos));
      after = line_end == std::string_view::npos ? source.size() : line_end + 1;
    } else {
      text.append(before);
    }
    pos = after;

    if (sigil == '!') continue;
    flush();
    if (sigil == '/') {
      if (stack.size() == 1 || stack.back().name != name) {
        return tl::unexpected("line " + std::to_string(LineOf(source, open)) + ": {{/" + std::string(name) +
                              "}} closes " +
                              (stack.size() == 1 ? "nothing" : "{{#" + stack.back().name + "}}"));
      }
      stack.pop_back();
      continue;
    }
    if (name.empty()) return tl::unexpected("line " + std::to_string(LineOf(source, open)) + ": empty tag");
    Node node;
    node.text = std::string(name);
    node.path = SplitPath(name);
    switch (sigil) {
      case '#':
      case '^': {
        node.kind = sigil == '#' ? Node::Kind::kSection : Node::Kind::kInverted;
        stack.back().nodes->push_back(std::move(node));
        Node& section = stack.back().nodes->back();
        stack.push_back({&section.children, section.text, LineOf(source, open)});
        continue;
      }
      case '>':
        node.kind = Node::Kind::kPartial;
        break;
      case '{':
      case '&':
        node.kind = Node::Kind::kRaw;
        break;
      default:
        node.kind = Node::Kind::kVariable;
        break;
    }
    stack.back().nodes->push_back(std::move(node));
  }
  flush();
  if (stack.size() > 1) {
    return tl::unexpected("line " + std::to_string(stack.back().line) + ": {{#" + stack.back().name +
                          "}} is never closed");
  }
  return compiled;
}

namespace internal {

void Escape(std::string_view text, std::string& out) {
  // Most values need no escaping: copy the runs between special characters at once.
  std::size_t start = 0;
  for (std::size_t special = 0; special < text.size(); ++special) {
    const char c = text[special];
    if (c != '&' && c != '<' && c != '>' && c != '"' && c != '\'') continue;
    out.append(text.substr(start, special - start));
    switch (text[special]) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:  // '\''
        out += "&#39;";
        break;
    }
    start = special + 1;
  }
  out.append(text.substr(start));
}

bool Truthy(const Json* value) {
  if (value == nullptr || value->is_null()) return false;
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_string()) return !value->get_ref<const std::string&>().empty();
  if (value->is_array()) return !value->empty();
  return true;
}

void Print(const Json* value, bool escape, std::string& out) {
  if (value == nullptr) return;
  if (value->is_string()) {
    const std::string& text = value->get_ref<const std::string&>();
    if (escape) {
      Escape(text, out);
    } else {
      out += text;
    }
  } else if (value->is_number_integer()) {
    out += std::to_string(value->get<std::int64_t>());
  } else if (value->is_number_unsigned()) {
    out += std::to_string(value->get<std::uint64_t>());
  } else if (value->is_number_float()) {
    out += value->dump();
  }
}

namespace {

// A name compared with the view's keys inline: names and keys are short, and the map's own
// std::string comparison calls memcmp out of line for each of the ~6 keys a lookup visits.
struct Name {
  std::string_view text;
  static int Compare(std::string_view a, std::string_view b) {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]) ? -1 : 1;
    }
    return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
  }
  friend bool operator<(const std::string& key, const Name& name) { return Compare(key, name.text) < 0; }
  friend bool operator<(const Name& name, const std::string& key) { return Compare(name.text, key) < 0; }
};

}  // namespace

const Json* MemberOf(const Json* object, std::string_view key) {
  if (object == nullptr || !object->is_object()) return nullptr;
  const auto& members = object->get_ref<const Json::object_t&>();
  if (members.empty()) return nullptr;
  auto entry = members.find(Name{key});  // the map's comparator, std::less<>, is transparent
  return entry == members.end() ? nullptr : &entry->second;
}

// The base's member matters only below an overlay's object or list (they merge), so it is
// looked up only then.
Layer Member(const Layer& object, std::string_view key) {
  const Json* over = MemberOf(object.overlay, key);
  if (over != nullptr && !over->is_object() && !over->is_array()) return {over, nullptr};
  return {over, MemberOf(object.base, key)};
}

Layer ItemOf(const Layer& list, std::size_t i) {
  if (list.overlay == nullptr) return {nullptr, &(*list.base)[i]};
  const bool zipped =
      list.base != nullptr && list.base->is_array() && list.base->size() == list.overlay->size();
  return {&(*list.overlay)[i], zipped ? &(*list.base)[i] : nullptr};
}

Layer ObjectOf(const Layer& value) {
  if (value.overlay == nullptr) return {nullptr, value.base};
  return {value.overlay, value.base != nullptr && value.base->is_object() ? value.base : nullptr};
}

void Renderer::Run(const Nodes& nodes, std::vector<Layer>& stack, int depth) {
  for (const Node& node : nodes) {
    switch (node.kind) {
      case Node::Kind::kText:
        out_ += node.text;
        break;
      case Node::Kind::kVariable:
      case Node::Kind::kRaw:
        Print(Lookup(node.path, stack).Top(), node.kind == Node::Kind::kVariable, out_);
        break;
      case Node::Kind::kSection:
      case Node::Kind::kInverted:
        Section(node, Lookup(node.path, stack), stack, depth);
        break;
      case Node::Kind::kPartial:
        if (depth >= kMaxPartialDepth) break;
        if (const Template* partial = node.partial != nullptr ? node.partial : partials_(node.text))
          Run(partial->nodes, stack, depth + 1);
        break;
    }
  }
}

Layer Renderer::Lookup(const std::vector<std::string>& path, const std::vector<Layer>& stack) {
  if (path.empty()) return stack.back();
  Layer found;
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
    found = Member(*it, path.front());
    if (found.Top() != nullptr) break;
  }
  for (std::size_t i = 1; found.Top() != nullptr && i < path.size(); ++i) {
    if (!found.Top()->is_object()) return {};
    found = Member(found, path[i]);
  }
  return found;
}

void Renderer::Section(const Node& node, const Layer& value, std::vector<Layer>& stack, int depth) {
  const Json* top = value.Top();
  if (node.kind == Node::Kind::kInverted) {
    if (!Truthy(top)) Run(node.children, stack, depth);
    return;
  }
  if (!Truthy(top)) return;
  if (top->is_array()) {
    for (std::size_t i = 0; i < top->size(); ++i) {
      stack.push_back(ItemOf(value, i));
      Run(node.children, stack, depth);
      stack.pop_back();
    }
  } else if (top->is_boolean()) {
    Run(node.children, stack, depth);
  } else {
    stack.push_back(ObjectOf(value));
    Run(node.children, stack, depth);
    stack.pop_back();
  }
}

}  // namespace internal

using internal::Json;
using internal::Layer;
using internal::Renderer;

void Render(const Template& compiled, const Json& view, const PartialLookup& partials, std::string& out) {
  std::vector<Layer> stack{{nullptr, &view}};
  stack.reserve(16);
  Renderer(partials, out).Run(compiled.nodes, stack, 0);
}

void Render(const Template& compiled, const Json& base, const Json& overlay, const PartialLookup& partials,
            std::string& out) {
  std::vector<Layer> stack{{&overlay, &base}};
  stack.reserve(16);
  Renderer(partials, out).Run(compiled.nodes, stack, 0);
}

namespace {

void ResolveIn(Nodes& nodes, const PartialLookup& partials) {
  for (Node& node : nodes) {
    if (node.kind == Node::Kind::kPartial) node.partial = partials(node.text);
    ResolveIn(node.children, partials);
  }
}

}  // namespace

void ResolvePartials(Template& compiled, const PartialLookup& partials) {
  ResolveIn(compiled.nodes, partials);
}

Json Merged(const Json& base, const Json& overlay) {
  if (base.is_object() && overlay.is_object()) {
    Json merged = base;
    for (const auto& [key, value] : overlay.items()) {
      auto below = base.find(key);
      merged[key] = below == base.end() ? value : Merged(*below, value);
    }
    return merged;
  }
  if (base.is_array() && overlay.is_array() && base.size() == overlay.size()) {
    Json merged = Json::array();
    for (std::size_t i = 0; i < base.size(); ++i) merged.push_back(Merged(base[i], overlay[i]));
    return merged;
  }
  return overlay;
}

}  // namespace amtsweg::web::mustache
