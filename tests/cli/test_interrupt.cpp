// Ctrl-C and SIGTERM on a long comparison: it stops at the next safe point, says so, exits with
// 128 + the signal, and leaves the output folder as it was (one it made itself, removed).
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "helpers.hpp"

extern char** environ;

using hwsim::test::source_path;
using hwsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string text_of(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every file under `dir` with its contents.
std::map<std::string, std::string> contents(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = text_of(e.path().string());
  return out;
}

// Starts hwsim with `args`, standard output and error into `log`, SIGINT and SIGTERM at their
// defaults whatever the test runner set.
pid_t start(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> all{HWSIM_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t def;
  sigemptyset(&def);
  sigaddset(&def, SIGINT);
  sigaddset(&def, SIGTERM);
  posix_spawnattr_setsigdefault(&attr, &def);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  REQUIRE(rc == 0);
  return pid;
}

// Waits for `text` to appear in `log`, up to `seconds`.
bool wait_for(const std::string& log, const std::string& text, double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (text_of(log).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// The exit code of `pid`, or -1 if it has not ended within `seconds` (it is then killed).
int wait_exit(pid_t pid, double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  int status = 0;
  while (std::chrono::steady_clock::now() < until) {
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -2;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

// A comparison long enough to be running when the signal comes (hours if it were not stopped).
std::vector<std::string> long_compare(const std::string& out) {
  return {"compare",
          hwsim::test::baseline_path(),
          source_path("scenarios/nhs-england-trial.yaml"),
          "--out",
          out,
          "--replications",
          "2000",
          "--threads",
          "2"};
}

}  // namespace

TEST_CASE("Ctrl-C or SIGTERM stops compare cleanly, leaving the output folder as it was",
          "[cli][interrupt][slow]") {
  TempDir d;
  const std::string log = d.file("log.txt");
  for (const auto& [sig, code] : {std::pair{SIGINT, 130}, std::pair{SIGTERM, 143}}) {
    INFO("signal " << sig);
    SECTION("an existing folder keeps its files (signal " + std::to_string(sig) + ")") {
      const std::string out = d.file("out");
      fs::create_directories(out + "/sub");
      std::ofstream(out + "/result.h5") << "an earlier result";
      std::ofstream(out + "/notes.txt") << "mine";
      std::ofstream(out + "/sub/x.csv") << "1,2";
      const auto before = contents(out);
      auto args = long_compare(out);
      args.push_back("--force");  // the folder holds files hwsim did not write
      const pid_t pid = start(args, log);
      REQUIRE(wait_for(log, "hwsim compare:", 120));  // the header comes before the run
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      kill(pid, sig);
      const int exit = wait_exit(pid, 120);
      INFO(text_of(log));
      CHECK(exit == code);
      CHECK_THAT(text_of(log), Catch::Contains("hwsim: interrupted; nothing written to " + out));
      CHECK(contents(out) == before);
    }
    SECTION("a folder it made itself is removed (signal " + std::to_string(sig) + ")") {
      const std::string out = d.file("new/out");
      const pid_t pid = start(long_compare(out), log);
      REQUIRE(wait_for(log, "hwsim compare:", 120));
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      kill(pid, sig);
      const int exit = wait_exit(pid, 120);
      INFO(text_of(log));
      CHECK(exit == code);
      CHECK_THAT(text_of(log), Catch::Contains("hwsim: interrupted; nothing written to " + out));
      CHECK_FALSE(fs::exists(out));
    }
  }
}
