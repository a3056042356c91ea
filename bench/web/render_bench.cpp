// P2 without HTTP and SQLite: how long one form page ("Hund anmelden", page "halter", three answers
// as bench/web/p2-render saves them) takes to turn into HTML, view and layout included, by
//   whole    FormPageView + Templates::Render (the whole view built per request)
//   layered  the cached static view + FormPageOverlay, rendered layered (mustache.h)
//   program  FormPageOverlay filled into the template specialised against the static view
// Each path's HTML is checked to be identical before timing.
//
//   web_render_bench [seconds per path] [path]      prints "<path> <pages/s> <µs/page> (bytes)"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "process/loader.h"
#include "web/form_view.h"
#include "web/form_view_cache.h"
#include "web/layout.h"

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace web = amtsweg::web;

void AddHandlerKeys(Json& view) {
  view["action_url"] = "/antrag/0123456789abcdef/seiten/halter";
  view["csrf"] = "0123456789abcdef0123456789abcdef";
  view["is_first_page"] = true;
  view["back_url"] = "/gemeinden/08111000/leistungen/hund-anmelden";
  view["answers_json"] = R"({"email":"erika@example.org","nachname":"Mustermann","vorname":"Erika"})";
  view["today"] = "2026-03-27";
  view["service_title"] = "Hund anmelden";
  view["fee_text"] = "120,00 €";
  view["step"] = 1;
  view["steps"] = 4;
}

template <typename Render>
void Time(const char* name, double seconds, Render render) {
  std::size_t pages = 0;
  std::size_t bytes = 0;
  const auto start = Clock::now();
  while (std::chrono::duration<double>(Clock::now() - start).count() < seconds) {
    for (int i = 0; i < 100; ++i, ++pages) bytes += render().size();
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::cout << name << " " << static_cast<long>(pages / elapsed) << " " << 1e6 * elapsed / pages << " ("
            << bytes / pages << " bytes)\n";
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
  const std::filesystem::path file =
      std::filesystem::path(AMTSWEG_SOURCE_DIR) / "seed/processes/hund-anmelden.yaml";
  std::ifstream in(file);
  std::stringstream source;
  source << in.rdbuf();
  auto definition = amtsweg::process::LoadStandard(source.str(), file.string());
  auto templates = web::Templates::Embedded();
  if (!definition || !templates) {
    std::cerr << "cannot load the definition or the templates\n";
    return 1;
  }
  const auto& page = definition->pages.front();
  const Json data = {{"vorname", "Erika"}, {"nachname", "Mustermann"}, {"email", "erika@example.org"}};
  amtsweg::logic::Context context;
  context.today = "2026-03-27";
  const web::Layout layout(*templates, {.sandbox = true, .asset_version = "3f2a", .site_name = "amtsweg"});
  const web::PageMeta meta{
      .title = page.title + " – " + definition->title, .has_errors = false, .crumbs = {}};
  web::FormViewCache cache;
  const auto owner = std::make_shared<int>(0);

  auto whole = [&] {
    Json view = web::FormPageView(*definition, page, data, {}, context);
    AddHandlerKeys(view);
    return layout.Page(200, "form_page", view, meta).body;
  };
  auto layered = [&] {
    const auto base = cache.StaticView(owner, *definition, page);
    Json overlay = web::FormPageOverlay(page, data, {}, context);
    AddHandlerKeys(overlay);
    return layout.Page(200, "form_page", *base, overlay, meta).body;
  };
  auto program = [&] {
    const auto specialised = cache.PageProgram(owner, *templates, *definition, page);
    Json overlay = web::FormPageOverlay(page, data, {}, context);
    AddHandlerKeys(overlay);
    return layout.Page(200, (*specialised)->program, overlay, meta).body;
  };
  if (whole() != layered() || whole() != program()) {
    std::cerr << "the paths render different HTML\n";
    return 1;
  }
  const std::string only = argc > 2 ? argv[2] : "";
  if (only.empty() || only == "whole") Time("whole", seconds, whole);
  if (only.empty() || only == "layered") Time("layered", seconds, layered);
  if (only.empty() || only == "program") Time("program", seconds, program);
  return 0;
}
