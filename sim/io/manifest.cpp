#include "io/manifest.hpp"

#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace hwsim {

namespace fs = std::filesystem;

namespace {

std::string scenario_json(const Scenario& sc) {
  return fmt::format("{{\"name\": {}, \"path\": {}}}", json_quote(sc.name), json_quote(sc.path));
}

}  // namespace

void write_manifest(const std::string& dir, const Manifest& m, const RunInfo& info, FileSet* set) {
  std::string files;
  for (std::size_t k = 0; k < m.files.size(); ++k) {
    fs::path f = fs::path(dir) / m.files[k].name;
    if (set) f = set->staged(f.string());  // not yet committed
    if (!fs::is_regular_file(f))
      throw std::logic_error("manifest.json: " + f.string() + " was not written");
    files += fmt::format("{}    {{\"name\": {}, \"bytes\": {}, \"description\": {}}}",
                         k ? ",\n" : "", json_quote(m.files[k].name), fs::file_size(f),
                         json_quote(m.files[k].description));
  }
  std::string text = "{\n";
  text += fmt::format("  \"format\": {},\n  \"format_version\": {},\n", json_quote(kManifestFormat),
                      kManifestFormatVersion);
  text += fmt::format("  \"command\": {},\n", json_quote(m.command));
  if (m.baseline) text += fmt::format("  \"baseline\": {},\n", scenario_json(*m.baseline));
  if (m.scenario) text += fmt::format("  \"scenario\": {},\n", scenario_json(*m.scenario));
  if (!m.scenarios.empty()) {
    text += "  \"scenarios\": [\n";
    for (std::size_t k = 0; k < m.scenarios.size(); ++k)
      text += fmt::format("    {}{}\n", scenario_json(*m.scenarios[k]),
                          k + 1 < m.scenarios.size() ? "," : "");
    text += "  ],\n";
  }
  text += fmt::format("  \"seed\": {},\n", m.seed);
  text += fmt::format("  \"replications\": {},\n", m.replications);
  if (!info.posterior.empty())
    text += fmt::format("  \"posterior\": {},\n", json_quote(info.posterior));
  text += fmt::format("  \"version\": {},\n", json_quote(info.version));
  text += fmt::format("  \"command_line\": {},\n", json_quote(info.command_line));
  text += fmt::format("  \"created\": {},\n", json_quote(utc_now_iso()));
  text += fmt::format("  \"files\": [\n{}\n  ]\n}}\n", files);
  auto write = [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) throw std::runtime_error("cannot write " + tmp);
    out << text;
    out.flush();
    if (!out) throw std::runtime_error("error while writing " + tmp);
  };
  const std::string path = (fs::path(dir) / "manifest.json").string();
  if (set)
    set->write(path, write);
  else
    write_atomically(path, write);
}

}  // namespace hwsim
