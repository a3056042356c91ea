// Mustache compiler and renderer over nlohmann::json (see mustache.h).

#include "web/mustache.h"

#include <algorithm>

namespace amtsweg::web::mustache {
namespace {

constexpr std::string_view kOpen = "{{";
constexpr std::string_view kClose = "}}";
constexpr int kMaxPartialDepth = 64;

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

namespace {

void Escape(std::string_view text, std::string& out) {
  for (char c : text) {
    switch (c) {
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
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

bool Truthy(const nlohmann::json* value) {
  if (value == nullptr || value->is_null()) return false;
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_string()) return !value->get_ref<const std::string&>().empty();
  if (value->is_array()) return !value->empty();
  return true;
}

class Renderer {
 public:
  Renderer(const PartialLookup& partials, std::string& out) : partials_(partials), out_(out) {}

  void Run(const Nodes& nodes, std::vector<const nlohmann::json*>& stack, int depth) {
    for (const Node& node : nodes) {
      switch (node.kind) {
        case Node::Kind::kText:
          out_ += node.text;
          break;
        case Node::Kind::kVariable:
        case Node::Kind::kRaw:
          Print(Lookup(node.path, stack), node.kind == Node::Kind::kVariable);
          break;
        case Node::Kind::kSection:
          Section(node, stack, depth);
          break;
        case Node::Kind::kInverted:
          if (!Truthy(Lookup(node.path, stack))) Run(node.children, stack, depth);
          break;
        case Node::Kind::kPartial:
          if (depth >= kMaxPartialDepth) break;
          if (const Template* partial = partials_(node.text)) Run(partial->nodes, stack, depth + 1);
          break;
      }
    }
  }

 private:
  // The first context (from the top) that has the path's first name, then down the path.
  static const nlohmann::json* Lookup(const std::vector<std::string>& path,
                                      const std::vector<const nlohmann::json*>& stack) {
    if (path.empty()) return stack.back();
    const nlohmann::json* found = nullptr;
    for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
      if ((*it)->is_object()) {
        auto entry = (*it)->find(path.front());
        if (entry != (*it)->end()) {
          found = &*entry;
          break;
        }
      }
    }
    for (std::size_t i = 1; found != nullptr && i < path.size(); ++i) {
      if (!found->is_object()) return nullptr;
      auto entry = found->find(path[i]);
      found = entry == found->end() ? nullptr : &*entry;
    }
    return found;
  }

  void Print(const nlohmann::json* value, bool escape) {
    if (value == nullptr) return;
    if (value->is_string()) {
      const std::string& text = value->get_ref<const std::string&>();
      if (escape) {
        Escape(text, out_);
      } else {
        out_ += text;
      }
    } else if (value->is_number_integer()) {
      out_ += std::to_string(value->get<std::int64_t>());
    } else if (value->is_number_unsigned()) {
      out_ += std::to_string(value->get<std::uint64_t>());
    } else if (value->is_number_float()) {
      out_ += value->dump();
    }
  }

  void Section(const Node& node, std::vector<const nlohmann::json*>& stack, int depth) {
    const nlohmann::json* value = Lookup(node.path, stack);
    if (!Truthy(value)) return;
    if (value->is_array()) {
      for (const auto& item : *value) {
        stack.push_back(&item);
        Run(node.children, stack, depth);
        stack.pop_back();
      }
    } else if (value->is_boolean()) {
      Run(node.children, stack, depth);
    } else {
      stack.push_back(value);
      Run(node.children, stack, depth);
      stack.pop_back();
    }
  }

  const PartialLookup& partials_;
  std::string& out_;
};

}  // namespace

void Render(const Template& compiled, const nlohmann::json& view, const PartialLookup& partials,
            std::string& out) {
  std::vector<const nlohmann::json*> stack{&view};
  Renderer(partials, out).Run(compiled.nodes, stack, 0);
}

}  // namespace amtsweg::web::mustache
