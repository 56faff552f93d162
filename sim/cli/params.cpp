// `hwsim params`: the parameter dictionary (scenarios/parameters.md) as Markdown.
#include <iostream>

#include "cli/common.hpp"
#include "params/registry.hpp"

namespace hwsim::cli {

Command add_params(CLI::App& app) {
  auto* cmd = app.add_subcommand("params", "print the parameter dictionary (Markdown)");
  return {cmd, [] {
            return guarded([] {
              std::cout << parameter_dictionary_markdown();
              return kDone;
            });
          }};
}

}  // namespace hwsim::cli
