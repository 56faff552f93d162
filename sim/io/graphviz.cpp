#include "io/graphviz.hpp"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "io/result_writer.hpp"

extern char** environ;

namespace hwsim {

namespace fs = std::filesystem;

std::string find_program(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return "";
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    const fs::path p = fs::path(dir) / program;
    std::error_code ec;
    if (fs::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0) return p.string();
  }
  return "";
}

namespace {

// Runs argv (no shell) and waits; returns its exit status, or throws if it could not start.
int run_program(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int e = posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ);
  if (e != 0) throw std::runtime_error(fmt::format("cannot run {}: {}", argv[0], std::strerror(e)));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw std::runtime_error("lost track of " + argv[0]);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// A temporary file holding `text`, removed when it goes.
class TempText {
 public:
  explicit TempText(const std::string& text) {
    std::string templ = (fs::temp_directory_path() / "hwsim-map-XXXXXX").string();
    const int fd = ::mkstemp(templ.data());
    if (fd < 0) throw std::runtime_error("cannot make a temporary file for the map");
    ::close(fd);
    path_ = templ;
    std::ofstream out(path_, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path_);
  }
  ~TempText() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  TempText(const TempText&) = delete;
  TempText& operator=(const TempText&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

void render_dot(const std::string& dot_text, const std::string& format,
                const std::string& out_path) {
  const std::string dot = find_program("dot");
  if (dot.empty())
    throw std::runtime_error(fmt::format(
        "--format {} needs Graphviz's 'dot' program, which is not on PATH (Debian: apt-get "
        "install graphviz; scripts/deps.sh installs it); --format dot writes the DOT without it",
        format));
  const TempText in(dot_text);
  auto render = [&](const std::vector<std::string>& output) {
    std::vector<std::string> argv{dot, "-T" + format};
    argv.insert(argv.end(), output.begin(), output.end());
    argv.push_back(in.path());
    if (const int status = run_program(argv); status != 0)
      throw std::runtime_error(fmt::format("{} -T{} failed (exit status {})", dot, format, status));
  };
  if (out_path.empty()) {
    std::fflush(stdout);
    render({});
    return;
  }
  write_atomically(out_path, [&](const std::string& tmp) { render({"-o" + tmp}); });
}

}  // namespace hwsim
