// `hwsim finance`: the finance table (per partner) of an existing comparison, read back from
// its result.h5.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/common.hpp"
#include "io/finance_writer.hpp"

namespace fs = std::filesystem;

namespace hwsim::cli {

namespace {

int finance(const std::string& dir) {
  const std::string h5 = (fs::path(dir) / "result.h5").string();
  check_complete(dir, "result.h5");  // a folder whose set was not all put in place is refused
  const std::string table = finance_table(read_finance(h5));
  std::cout << fmt::format("hwsim finance: {}\n", h5) << table;
  return kDone;
}

}  // namespace

Command add_finance(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("finance",
                                 "print the finance table (per partner) of an existing comparison");
  cmd->add_option("dir", *dir, "output folder of hwsim compare")->required();
  return {cmd, [dir] { return guarded([&] { return finance(*dir); }); }};
}

}  // namespace hwsim::cli
