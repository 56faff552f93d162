// Test helper: runs a shell command or the hwsim binary and returns its exit code and output
// (standard output and error together).
#pragma once
#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

namespace hwsim::test {

struct CmdResult {
  int code;
  std::string output;
};

inline CmdResult shell(const std::string& cmd) {
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) out += buf.data();
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

inline CmdResult hwsim_cmd(const std::string& args) {
  return shell(std::string(HWSIM_BINARY) + " " + args);
}

}  // namespace hwsim::test
