// The hwsim command: builds the command line interface and runs the subcommand given. Each
// subcommand lives in its own file (run.cpp, compare.cpp, ...); common.cpp has what they share.
#include <CLI/CLI.hpp>
#include <csignal>
#include <string>
#include <vector>

#include "cli/common.hpp"
#include "version.hpp"

int main(int argc, char** argv) {
  using namespace hwsim::cli;
  // Past a file-size limit (ulimit -f) a write fails with EFBIG, said as an error like a full
  // disk, rather than the process being ended by SIGXFSZ.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"hwsim: agent-based microsimulation of health, benefits and work in Islington"};
  app.set_version_flag("--version", std::string("hwsim ") + hwsim::kVersion);
  app.require_subcommand(1);

  const Invocation invocation{argc, argv};
  const std::vector<Command> commands{add_run(app, invocation),
                                      add_validate(app),
                                      add_params(app),
                                      add_system_map(app),
                                      add_compare(app, invocation),
                                      add_calibrate(app, invocation),
                                      add_finance(app),
                                      add_effect(app),
                                      add_sensitivity(app, invocation),
                                      add_trial(app, invocation),
                                      add_plan(app, invocation)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    return usage_error(app, e, argc, argv);
  }
  for (const Command& c : commands)
    if (c.app->parsed()) return c.run();
  return kFailed;  // unreachable: CLI11 requires one subcommand
}
