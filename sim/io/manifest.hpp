// manifest.json, written beside the files of `hwsim run` and `hwsim compare` (after them, and
// atomically like them): which scenario, seed, replications and version of hwsim made the
// files, by what command and when, and what each file holds, so a CSV read on its own can be
// traced to the run that made it. Layout in outputs/README.md.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/text.hpp"  // json_quote
#include "io/result_writer.hpp"

namespace hwsim {

inline constexpr const char* kManifestFormat = "hwsim-manifest";
inline constexpr std::int64_t kManifestFormatVersion = 1;

struct ManifestFile {
  std::string name;         // in the same folder
  std::string description;  // one line
};

struct Manifest {
  std::string command;  // run or compare
  const Scenario* scenario = nullptr;
  const Scenario* baseline = nullptr;  // compare only
  std::uint64_t seed = 0;
  std::size_t replications = 0;
  std::vector<ManifestFile> files;
  // compare with several scenarios: each of them (`scenario` is then null)
  std::vector<const Scenario*> scenarios = {};
};

// Writes DIR/manifest.json; each file listed must exist in `dir` (its size is recorded), or
// wait there under its temporary name in `files`, which then writes the manifest too.
void write_manifest(const std::string& dir, const Manifest& m, const RunInfo& info,
                    FileSet* files = nullptr);

}  // namespace hwsim
