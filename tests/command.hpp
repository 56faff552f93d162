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

// The DOM of a page after headless Chromium has run its scripts (Debian's chromium, which
// scripts/deps.sh installs), with a fresh profile in `profile`; the test fails if it cannot run.
inline std::string rendered_dom(const std::string& page, const std::string& profile) {
  const std::string browser =
      "chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--user-data-dir=" +
      profile + " --dump-dom file://" + page + " 2>/dev/null";
  FILE* p = popen(browser.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string dom;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), p)) dom += buf.data();
  const int status = pclose(p);
  INFO("is Debian's chromium installed? scripts/deps.sh installs it");
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  return dom;
}

}  // namespace hwsim::test
