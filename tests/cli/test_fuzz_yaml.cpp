// A fuzz test of the YAML input: every file of scenarios/ and calibration/ mutated (flipped and
// replaced bytes, lines deleted or duplicated, truncation, indentation swapped, anchors and
// aliases inserted, huge numbers, nan and infinities, values of the wrong type) from a fixed
// seed, each case run through the command that reads the file (`hwsim validate`, or `hwsim
// calibrate --check` for calibration/) as a process of its own with a time limit. Every case must
// end by itself (no signal, no hang) with exit code 0 or 2, and an exit code 2 must come with one
// line, "hwsim: error: ...", that names the mutated file.
//
// A sample of 150 cases runs with the fast tests; the full run (2,000 cases, about a minute) is
// [slow]. HWSIM_FUZZ_CASES sets its number of cases and HWSIM_FUZZ_SEED its seed.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "command.hpp"
#include "helpers.hpp"

extern char** environ;

namespace fs = std::filesystem;
using hwsim::test::TempDir;

namespace {

std::string text_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// How a process ended.
struct Ended {
  enum Kind { Exited, Signalled, TimedOut } kind = Exited;
  int code = 0;  // the exit code or the signal
  double seconds = 0;
  std::string output;  // standard output and error together
};

// Runs hwsim with `args`, output into `log`, killed after `limit` seconds.
Ended run_hwsim(const std::vector<std::string>& args, const std::string& log, double limit) {
  std::vector<std::string> all{HWSIM_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  pid_t pid = -1;
  const auto t0 = std::chrono::steady_clock::now();
  const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  Ended e;
  if (rc != 0) {
    e.kind = Ended::Exited;
    e.code = -1;
    e.output = "posix_spawn failed";
    return e;
  }
  const auto until = t0 + std::chrono::duration<double>(limit);
  int status = 0;
  for (int spins = 0;; ++spins) {
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    if (std::chrono::steady_clock::now() > until) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      e.kind = Ended::TimedOut;
      break;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(spins < 50 ? 500 : 2000));
  }
  e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (e.kind != Ended::TimedOut) {
    if (WIFSIGNALED(status)) {
      e.kind = Ended::Signalled;
      e.code = WTERMSIG(status);
    } else {
      e.code = WEXITSTATUS(status);
    }
  }
  e.output = text_of(log);
  return e;
}

// The mutations, drawn from a 64-bit Mersenne Twister (its outputs are the same on every
// platform; the draws use them directly, not library distributions, which may differ).
class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : rng_(seed) {}

  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : rng_() % n; }

  // Mutates `text` by one to three mutations; says which in `what`.
  std::string mutate(std::string text, std::string& what) {
    const int n = 1 + static_cast<int>(below(10) < 7 ? 0 : below(3));
    for (int k = 0; k < n; ++k) {
      if (text.empty()) break;
      text = once(std::move(text), what);
    }
    return text;
  }

 private:
  std::vector<std::pair<std::size_t, std::size_t>> lines(const std::string& t) {
    std::vector<std::pair<std::size_t, std::size_t>> out;  // [begin, end) without the newline
    std::size_t b = 0;
    while (b < t.size()) {
      std::size_t e = t.find('\n', b);
      if (e == std::string::npos) e = t.size();
      out.emplace_back(b, e);
      b = e + 1;
    }
    return out;
  }

  // A line that holds a value ("key: value", not a comment), or any line.
  std::pair<std::size_t, std::size_t> value_line(const std::string& t) {
    const auto ls = lines(t);
    for (int tries = 0; tries < 50; ++tries) {
      const auto l = ls[below(ls.size())];
      const std::string s = t.substr(l.first, l.second - l.first);
      const auto colon = s.find(": ");
      if (colon != std::string::npos && s.find('#') > colon && colon + 2 < s.size()) return l;
    }
    return ls[below(ls.size())];
  }

  // The spans of numbers in `t`.
  std::vector<std::pair<std::size_t, std::size_t>> numbers(const std::string& t) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t i = 0; i < t.size();) {
      if (std::isdigit(static_cast<unsigned char>(t[i])) &&
          (i == 0 || !std::isalnum(static_cast<unsigned char>(t[i - 1])))) {
        std::size_t j = i;
        while (j < t.size() && (std::isdigit(static_cast<unsigned char>(t[j])) || t[j] == '.' ||
                                t[j] == 'e' || t[j] == '-'))
          ++j;
        out.emplace_back(i, j);
        i = j;
      } else {
        ++i;
      }
    }
    return out;
  }

  // Where the value of line `l` ("key: value") begins, or npos when it has none.
  static std::size_t value_at(const std::string& t, std::pair<std::size_t, std::size_t> l) {
    const std::size_t c = t.find(": ", l.first);
    return c == std::string::npos || c + 2 >= l.second ? std::string::npos : c + 2;
  }

  template <std::size_t N>
  const char* pick(const char* const (&options)[N]) {
    return options[below(N)];
  }

  std::string once(std::string t, std::string& what) {
    // Bytes YAML reads as syntax, and a few it should never see.
    static const char specials[] = {':',  '-',  '[', ']',  '{',  '}',    '&',    '*',
                                    '!',  '|',  '>', '\'', '"',  '#',    '%',    '@',
                                    '\t', '\n', ',', '?',  '\\', '\x01', '\xff', '\0'};
    static const char* const huge[] = {"1e309",
                                       "-1e309",
                                       "1e400",
                                       "99999999999999999999999999",
                                       "-99999999999999999999999999",
                                       "1e-320",
                                       "0x7fffffffffffffff",
                                       "18446744073709551616",
                                       "2147483648",
                                       "-2147483649"};
    static const char* const nans[] = {".nan", "nan", "NaN", ".inf", "-.inf", "inf", "+.Inf"};
    static const char* const wrong[] = {
        "[1, 2]", "{a: 1}",        "~",   "\"\"",     "true", "2019-13-45",    "[]",  "{}",
        "null",   "!!binary aGk=", "- x", "*nowhere", "&a",   "'unterminated", "0o17"};
    const auto ls = lines(t);
    switch (below(12)) {
      case 0: {  // a byte's bit flipped
        const std::size_t i = below(t.size());
        t[i] = static_cast<char>(t[i] ^ (1 << below(8)));
        what += fmt_at("bit flipped", i);
        break;
      }
      case 1: {  // a byte replaced by one YAML reads as syntax
        const std::size_t i = below(t.size());
        t[i] = specials[below(std::size(specials))];
        what += fmt_at("byte replaced", i);
        break;
      }
      case 2: {  // a line deleted
        const auto l = ls[below(ls.size())];
        t.erase(l.first, std::min(t.size(), l.second + 1) - l.first);
        what += fmt_at("line deleted at", l.first);
        break;
      }
      case 3: {  // a line duplicated
        const auto l = ls[below(ls.size())];
        const std::string line = t.substr(l.first, l.second - l.first) + "\n";
        t.insert(l.first, line);
        what += fmt_at("line duplicated at", l.first);
        break;
      }
      case 4: {  // truncated
        const std::size_t i = below(t.size());
        t.resize(i);
        what += fmt_at("truncated at", i);
        break;
      }
      case 5: {  // indentation of two lines swapped, or a line's indentation changed
        const std::size_t a = below(ls.size());
        auto indent = [&](std::size_t k) {
          const std::string s = t.substr(ls[k].first, ls[k].second - ls[k].first);
          return s.find_first_not_of(' ') == std::string::npos ? s.size()
                                                               : s.find_first_not_of(' ');
        };
        if (a + 1 < ls.size() && below(2) == 0) {
          const std::size_t ia = indent(a), ib = indent(a + 1);
          std::string la = t.substr(ls[a].first + ia, ls[a].second - ls[a].first - ia);
          std::string lb = t.substr(ls[a + 1].first + ib, ls[a + 1].second - ls[a + 1].first - ib);
          const std::string both = std::string(ib, ' ') + la + "\n" + std::string(ia, ' ') + lb;
          t.replace(ls[a].first, ls[a + 1].second - ls[a].first, both);
          what += fmt_at("indentation swapped at", ls[a].first);
        } else {
          const std::size_t ia = indent(a);
          const std::size_t to = below(2) == 0 ? ia + 2 : (ia >= 2 ? ia - 2 : ia + 1);
          t.replace(ls[a].first, ia, std::string(to, ' '));
          what += fmt_at("indentation changed at", ls[a].first);
        }
        break;
      }
      case 6: {  // an anchor on one value and an alias to it in another
        const auto a = value_line(t);
        const auto b = value_line(t);
        const std::size_t ca = value_at(t, a), cb = value_at(t, b);
        if (ca != std::string::npos && cb != std::string::npos && a != b) {
          if (ca < cb) {
            t.replace(cb, b.second - cb, "*fz");
            t.insert(ca, "&fz ");
          } else {
            t.insert(ca, "&fz ");
            t.replace(cb, b.second - cb, "*fz");
          }
          what += fmt_at("anchor and alias at", ca);
        } else {
          t.insert(0, "fz: &fz [1, 2]\nfz2: [*fz, *fz, *fz]\n");
          what += "anchored list and aliases at the top; ";
        }
        break;
      }
      case 7: {  // an alias with no anchor, or a merge key
        const auto a = value_line(t);
        const std::size_t ca = value_at(t, a);
        if (ca == std::string::npos) return once(std::move(t), what);
        t.replace(ca, a.second - ca, below(2) ? "*nowhere" : "{<<: *x}");
        what += fmt_at("alias to nothing at", ca);
        break;
      }
      case 8:
      case 9: {  // a number made huge, tiny, nan or infinite
        const auto ns = numbers(t);
        if (ns.empty()) return once(std::move(t), what);
        const auto n = ns[below(ns.size())];
        const char* by = below(3) == 0 ? pick(nans) : pick(huge);
        t.replace(n.first, n.second - n.first, by);
        what += fmt_at(std::string("number replaced by ") + by + " at", n.first);
        break;
      }
      case 10: {  // a value of the wrong type
        const auto a = value_line(t);
        const std::size_t ca = value_at(t, a);
        if (ca == std::string::npos) return once(std::move(t), what);
        const char* by = pick(wrong);
        t.replace(ca, a.second - ca, by);
        what += fmt_at(std::string("value replaced by ") + by + " at", ca);
        break;
      }
      default: {  // a YAML document marker or directive, or a tab, in a random place
        static const char* const marks[] = {"---\n", "...\n",    "%YAML 1.2\n",
                                            "\t",    "--- !x\n", "? a\n: b\n"};
        const auto l = ls[below(ls.size())];
        const char* m = pick(marks);
        t.insert(l.first, m);
        what += fmt_at("inserted a marker at", l.first);
        break;
      }
    }
    return t;
  }

  static std::string fmt_at(const std::string& what, std::size_t at) {
    return what + " " + std::to_string(at) + "; ";
  }

  std::mt19937_64 rng_;
};

// A file to mutate and the command that reads it (arguments relative to the mirror's root).
struct Target {
  std::string file;               // relative to the mirror's root
  std::vector<std::string> args;  // with "@" for the mirror's root
};

std::vector<Target> targets() {
  std::vector<Target> out;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(hwsim::test::source_path("scenarios")))
    if (e.path().extension() == ".yaml") names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  for (const auto& n : names) {
    // The unit costs are read by the finance block of the baseline.
    const std::string scenario = n == "unit-costs.yaml" ? "baseline.yaml" : n;
    out.push_back({"scenarios/" + n, {"validate", "@/scenarios/" + scenario}});
  }
  for (const std::string n : {"calibrate.yaml", "targets.yaml", "priors.yaml"})
    out.push_back({"calibration/" + n, {"calibrate", "@/calibration/calibrate.yaml", "--check"}});
  return out;
}

// A copy of scenarios/ and calibration/ (their YAML files), for one worker to mutate.
void mirror(const std::string& root) {
  for (const std::string folder : {"scenarios", "calibration"}) {
    fs::create_directories(fs::path(root) / folder);
    for (const auto& e : fs::directory_iterator(hwsim::test::source_path(folder)))
      if (e.path().extension() == ".yaml")
        fs::copy_file(e.path(), fs::path(root) / folder / e.path().filename());
  }
}

struct Failure {
  std::string file, mutation, why, output;
};

}  // namespace

namespace {

// Runs `cases` mutations drawn from `seed` and checks each; `report`: say the counts and times
// (otherwise only on failure).
void fuzz(int cases, std::uint64_t seed, bool report) {
  const double limit = 20;  // seconds: a case far slower than the rest is a hang
  const std::vector<Target> all = targets();
  REQUIRE(all.size() >= 20);

  TempDir d;
  const unsigned workers = std::max(2u, std::min(8u, 2 * std::thread::hardware_concurrency()));
  // Each case's mutation is drawn before the work is shared out, so the cases do not depend on
  // the number of workers.
  struct Case {
    std::size_t target;
    std::string text, what;
  };
  std::vector<std::string> originals;
  for (const auto& t : all) originals.push_back(text_of(hwsim::test::source_path(t.file)));
  std::vector<Case> work;
  Mutator m(seed);
  for (int k = 0; k < cases; ++k) {
    const std::size_t t = static_cast<std::size_t>(k) % all.size();
    Case c{t, {}, {}};
    c.text = m.mutate(originals[t], c.what);
    work.push_back(std::move(c));
  }

  std::atomic<std::size_t> next{0};
  std::mutex lock;
  std::vector<Failure> failures;
  int exit0 = 0, exit2 = 0;
  double slowest = 0;
  std::string slowest_case;
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w) {
    pool.emplace_back([&, w] {
      const std::string root = d.file("w" + std::to_string(w));
      mirror(root);
      const std::string log = root + "/log.txt";
      for (std::size_t k; (k = next++) < work.size();) {
        const Case& c = work[k];
        const Target& t = all[c.target];
        const std::string path = root + "/" + t.file;
        write_text(path, c.text);
        std::vector<std::string> args;
        for (auto a : t.args) {
          if (a[0] == '@') a = root + a.substr(1);
          args.push_back(a);
        }
        const Ended e = run_hwsim(args, log, limit);
        write_text(path, originals[c.target]);
        std::string why;
        if (e.kind == Ended::TimedOut)
          why = "no end within the time limit (a hang)";
        else if (e.kind == Ended::Signalled)
          why = "ended by signal " + std::to_string(e.code);
        else if (e.code != 0 && e.code != 2)
          why = "exit code " + std::to_string(e.code);
        else if (e.code == 2) {
          const auto lines = std::count(e.output.begin(), e.output.end(), '\n');
          if (e.output.rfind("hwsim: error: ", 0) != 0)
            why = "the message does not start with 'hwsim: error: '";
          else if (lines != 1 || e.output.back() != '\n')
            why = "the message is not one line";
          else if (e.output.find(fs::path(t.file).filename().string()) == std::string::npos)
            why = "the message does not name " + fs::path(t.file).filename().string();
        }
        std::lock_guard<std::mutex> g(lock);
        (e.code == 0 ? exit0 : exit2) += e.kind == Ended::Exited && (e.code == 0 || e.code == 2);
        if (e.seconds > slowest) {
          slowest = e.seconds;
          slowest_case = t.file + ": " + c.what;
        }
        if (!why.empty()) failures.push_back({t.file, c.what, why, e.output});
      }
    });
  }
  for (auto& th : pool) th.join();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::ostringstream said;
  said << cases << " cases of " << all.size() << " files (seed " << seed << ", " << workers
       << " at once) in " << secs << " s: " << exit0 << " accepted, " << exit2
       << " refused with exit code 2, " << failures.size() << " failed; slowest case " << slowest
       << " s (" << slowest_case << ")";
  if (report) WARN(said.str());
  INFO(said.str());
  for (std::size_t k = 0; k < failures.size() && k < 10; ++k) {
    const auto& f = failures[k];
    UNSCOPED_INFO(f.file << ": " << f.mutation << "-> " << f.why << "\n"
                         << f.output.substr(0, 600));
  }
  CHECK(failures.empty());
}

}  // namespace

TEST_CASE(
    "fuzzed YAML, a sample: no signal, no hang, exit code 0 or 2 with one line naming "
    "the file",
    "[cli][fuzz][reliability]") {
  fuzz(150, 1, false);
}

// 2,000 cases take about a minute on two busy cores (about 40 ms of processor time each, most
// of it starting the process), so the whole run is [slow].
TEST_CASE("fuzzed YAML: no signal, no hang, exit code 0 or 2 with one line naming the file",
          "[cli][fuzz][reliability][slow]") {
  const char* cases_env = std::getenv("HWSIM_FUZZ_CASES");
  const char* seed_env = std::getenv("HWSIM_FUZZ_SEED");
  fuzz(cases_env ? std::atoi(cases_env) : 2000,
       seed_env ? std::strtoull(seed_env, nullptr, 10) : 20150715, true);
}

// Found by the fuzz test: a quoted value left open runs on over the lines after it (a blank line
// among them is a line break in the value), and the message that quoted it was several lines.
TEST_CASE("a value quoted in an error is said on one line, whatever it holds",
          "[cli][errors][reliability]") {
  TempDir d;
  const auto s =
      d.write("open.yaml",
              hwsim::test::override_yaml("simulation:\n  start: 'unterminated\n\n  months: 3\n"));
  const auto r = hwsim::test::hwsim_cmd("validate " + s);
  INFO(r.output);
  CHECK(r.code == 2);
  CHECK_THAT(r.output, Catch::StartsWith("hwsim: error: " + s + ":"));
  CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);
}
