#include "io/output_set.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "core/error.hpp"

namespace hwsim {

namespace fs = std::filesystem;

namespace {

constexpr const char* kManifest = "manifest.json";

// `dir` without trailing separators ("out/" is "out").
fs::path folder_of(const std::string& dir) {
  fs::path p = fs::path(dir).lexically_normal();
  if (p.filename().empty() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  return p;
}

// The folder `dir` lives in ("." for a bare name).
fs::path parent_of(const fs::path& dir) {
  return dir.has_parent_path() ? dir.parent_path() : fs::path(".");
}

std::string tmp_prefix(const fs::path& dir) {
  return "." + dir.filename().string() + ".hwsim-tmp-";
}

}  // namespace

std::vector<std::pair<std::string, std::uintmax_t>> manifest_files(const std::string& dir) {
  std::vector<std::pair<std::string, std::uintmax_t>> out;
  std::ifstream in(folder_of(dir) / kManifest, std::ios::binary);
  if (!in) return out;
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  // Each file is written {"name": "...", "bytes": N, ...} by io/manifest.cpp.
  static const std::regex entry(R"re(\{"name": "([^"\\]*)", "bytes": ([0-9]+))re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), entry);
       it != std::sregex_iterator(); ++it)
    out.emplace_back((*it)[1].str(), std::stoull((*it)[2].str()));
  return out;
}

void check_complete(const std::string& dir, const std::string& name) {
  const fs::path d = folder_of(dir);
  std::error_code ec;
  if (!fs::is_directory(d, ec))
    throw std::runtime_error(fmt::format("'{}' is not a folder of hwsim's outputs", dir));
  if (!fs::is_regular_file(d / kManifest, ec))
    throw std::runtime_error(fmt::format(
        "'{}' is not a complete output set: it has no manifest.json, which a run or comparison "
        "puts in place last (was it stopped while writing?)",
        dir));
  const auto files = manifest_files(dir);
  const auto it =
      std::find_if(files.begin(), files.end(), [&](const auto& f) { return f.first == name; });
  if (it == files.end())
    throw std::runtime_error(
        fmt::format("'{}': manifest.json does not list {}, so it is not of this set", dir, name));
  const std::uintmax_t size = fs::file_size(d / name, ec);
  if (ec)
    throw std::runtime_error(
        fmt::format("'{}': {} is missing (manifest.json lists it)", dir, name));
  if (size != it->second)
    throw std::runtime_error(fmt::format(
        "'{}': {} has {} bytes but manifest.json says {}: the folder mixes files of two runs or "
        "was changed since",
        dir, name, size, it->second));
}

std::string scratch_folder(const std::string& dir) {
  std::error_code ec;
  const fs::path parent = parent_of(folder_of(dir));
  return fs::is_directory(parent, ec) ? parent.string() : std::string();
}

OutputClaim::OutputClaim(const std::string& dir, bool force) {
  const fs::path d = folder_of(dir);
  if (d.filename().empty() || d.filename() == "." || d.filename() == "..")
    throw InputError(dir, 0, 0, "", "--out must name a folder by its name (not '/', '.' or '..')");
  std::error_code ec;
  const auto st = fs::status(d, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st))
      throw InputError(dir, 0, 0, "", "cannot write to output folder: it is not a folder");
    std::vector<std::string> known{kManifest};
    // A file in a subfolder ("scenario/result.h5") makes its subfolder known.
    for (const auto& f : manifest_files(dir)) known.push_back(fs::path(f.first).begin()->string());
    std::vector<std::string> foreign;
    for (const auto& e : fs::directory_iterator(d, ec)) {
      const std::string n = e.path().filename().string();
      if (std::find(known.begin(), known.end(), n) == known.end()) foreign.push_back(n);
    }
    std::sort(foreign.begin(), foreign.end());
    if (!foreign.empty() && !force)
      throw InputError(
          dir, 0, 0, "",
          fmt::format("the output folder holds files hwsim did not write ({}{}); choose a new "
                      "or empty folder, or add --force to write there anyway",
                      fmt::join(foreign.begin(),
                                foreign.begin() + std::min<std::size_t>(foreign.size(), 5), ", "),
                      foreign.size() > 5 ? ", ..." : ""));
  }
  const fs::path parent = parent_of(d);
  // The folders made for the lock are removed again unless the files' commit fills them.
  for (fs::path p = parent; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    made_.push_back(p.string());
    if (p == p.parent_path()) break;
  }
  fs::create_directories(parent, ec);
  lock_path_ = (parent / ("." + d.filename().string() + ".hwsim-lock")).string();
  for (int attempt = 0; attempt < 3 && fd_ < 0; ++attempt) {
    const int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      throw InputError(dir, 0, 0, "",
                       fmt::format("cannot write to output folder: {}", std::strerror(errno)));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      char pid[32] = {};
      const ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
      ::close(fd);
      const std::string who = n > 0 ? fmt::format(" (process {})", std::string(pid, n)) : "";
      throw std::runtime_error(fmt::format(
          "another hwsim{} is writing to '{}'; wait for it to end or choose another --out", who,
          dir));
    }
    // The lock file may have been removed by the holder between the open and the lock.
    struct stat held {
    }, named{};
    if (::fstat(fd, &held) == 0 && ::stat(lock_path_.c_str(), &named) == 0 &&
        held.st_ino == named.st_ino && held.st_dev == named.st_dev) {
      fd_ = fd;
    } else {
      ::close(fd);
    }
  }
  if (fd_ < 0) throw std::runtime_error(fmt::format("could not lock the output folder '{}'", dir));
  const std::string pid = std::to_string(::getpid());
  if (::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
  }  // the pid is only for the message of a second command
  // Private folders of commands killed while writing (the lock says none is running now).
  const std::string prefix = tmp_prefix(d);
  for (const auto& e : fs::directory_iterator(parent, ec))
    if (e.path().filename().string().rfind(prefix, 0) == 0) fs::remove_all(e.path(), ec);
}

OutputClaim::~OutputClaim() {
  if (fd_ < 0) return;
  ::unlink(lock_path_.c_str());  // before the unlock: a command waiting re-checks the file
  ::close(fd_);
  std::error_code ec;
  for (const auto& p : made_) fs::remove(p, ec);  // deepest first; only while empty
}

FileSet::FileSet(std::function<bool()> stop) : stop_(std::move(stop)) {}

FileSet::FileSet(const std::string& folder, std::function<bool()> stop)
    : stop_(std::move(stop)), dir_(folder_of(folder).string()), nested_(true) {}

FileSet::~FileSet() {
  std::error_code ec;
  if (!tmp_.empty()) fs::remove_all(tmp_, ec);
}

void FileSet::check_stop() const {
  if (stop_ && stop_()) throw Stopped();
}

std::string FileSet::relative(const std::string& path) const {
  const fs::path p = fs::path(path).lexically_normal();
  if (!nested_) return p.filename().string();
  const fs::path r = p.lexically_relative(dir_);
  if (r.empty() || *r.begin() == "..")
    throw std::logic_error("FileSet: " + path + " is not under " + dir_);
  return r.string();
}

std::string FileSet::stage(const std::string& path) {
  const fs::path p(path);
  const std::string dir = folder_of(p.parent_path().string()).string();
  if (tmp_.empty()) {
    if (!nested_) dir_ = dir;
    const fs::path d(dir_);
    fs::create_directories(parent_of(d));
    std::random_device rd;
    const fs::path tmp = parent_of(d) / fmt::format("{}{}-{:08x}", tmp_prefix(d), ::getpid(), rd());
    fs::create_directory(tmp);
    tmp_ = tmp.string();
  } else if (!nested_ && dir != dir_) {
    throw std::logic_error("FileSet: " + path + " is not in " + dir_);
  }
  const std::string name = relative(path);
  names_.push_back(name);
  const fs::path staged = fs::path(tmp_) / name;
  if (nested_) fs::create_directories(staged.parent_path());
  return staged.string();
}

void FileSet::throw_write_failure(const std::string& path, const std::exception& e) {
  const int err = errno;  // what the failed write left, if it was the system's refusal
  const bool system =
      err == ENOSPC || err == EFBIG || err == EDQUOT || err == EROFS || err == EIO || err == EACCES;
  throw std::runtime_error(fmt::format("could not write {}{}; nothing was written ({})", path,
                                       system ? fmt::format(" ({})", std::strerror(err)) : "",
                                       e.what()));
}

std::string FileSet::staged(const std::string& path) const {
  return (fs::path(tmp_) / relative(path)).string();
}

void FileSet::commit() {
  check_stop();
  if (tmp_.empty()) return;
  // No stop from here: moves are quick, and the manifest's absence keeps readers off meanwhile.
  const fs::path d(dir_), tmp(tmp_);
  std::error_code ec;
  if (!fs::exists(d, ec)) {
    fs::rename(tmp, d);  // the whole set at once
    tmp_.clear();
    return;
  }
  const auto old = manifest_files(dir_);
  fs::remove(d / kManifest);  // first: the folder is not a complete set from here
  // Then the manifests of the sets in its subfolders, which are not complete either from here.
  auto is_manifest = [](const std::string& n) { return fs::path(n).filename() == kManifest; };
  for (const auto& [name, bytes] : old)
    if (is_manifest(name)) fs::remove(d / name, ec);
  for (const auto& [name, bytes] : old)
    if (std::find(names_.begin(), names_.end(), name) == names_.end()) {
      fs::remove(d / name, ec);
      // A subfolder left empty goes with its last file.
      for (fs::path sub = fs::path(name).parent_path(); !sub.empty(); sub = sub.parent_path())
        fs::remove(d / sub, ec);  // only while empty
    }
  auto move = [&](const std::string& n) {
    if (fs::path(n).has_parent_path()) fs::create_directories((d / n).parent_path());
    fs::rename(tmp / n, d / n);
  };
  for (const auto& n : names_)
    if (!is_manifest(n)) move(n);
  for (const auto& n : names_)
    if (is_manifest(n) && n != kManifest) move(n);  // each subfolder's set complete
  if (std::find(names_.begin(), names_.end(), kManifest) != names_.end())
    move(kManifest);  // last: the set is complete
  fs::remove_all(tmp, ec);
  tmp_.clear();
}

}  // namespace hwsim
