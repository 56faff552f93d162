// The files of `hwsim run` and `hwsim compare` as one set, complete or absent (outputs/README.md,
// "Complete or absent"): written in a private folder beside the output folder, moved into place
// last with manifest.json (the completion marker) after every other file; the output folder
// claimed before the work starts (a lock, and no files hwsim did not write); and the check that
// readers of a folder (hwsim finance) make before trusting it.
#pragma once
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace hwsim {

// The files manifest.json in `dir` lists, with their sizes in bytes; empty when there is none.
std::vector<std::pair<std::string, std::uintmax_t>> manifest_files(const std::string& dir);

// Throws std::runtime_error unless `dir` holds a complete output set that includes `name`: its
// manifest.json (moved into place last) lists `name` with the size the file has.
void check_complete(const std::string& dir, const std::string& name);

// The folder an output folder `dir` is in, where its private folder and lock go: scratch space
// on the output's own disk (a comparison's kept replications, run/replications.hpp). Empty
// when it is not an existing folder.
std::string scratch_folder(const std::string& dir);

// The output folder of a command, claimed from before its work starts until its files are in
// place: a lock beside the folder (`.<name>.hwsim-lock` in its parent, held with flock, so a
// process killed leaves no stale lock) refuses a second command writing into the same folder,
// and a folder holding files that hwsim did not write (anything its manifest.json does not
// list) is refused unless `force`. The folder itself is not made: the files' commit makes it.
// Bad folders (not a folder, not writable, foreign files) throw InputError; a busy one
// std::runtime_error. Private folders left by a killed command are removed. Folders made to hold
// the lock (the parents of a new output folder) are removed again when the claim ends unless the
// files were moved into them, so a command that writes nothing leaves nothing.
class OutputClaim {
 public:
  OutputClaim(const std::string& dir, bool force);
  ~OutputClaim();
  OutputClaim(const OutputClaim&) = delete;
  OutputClaim& operator=(const OutputClaim&) = delete;

 private:
  std::string lock_path_;
  int fd_ = -1;
  std::vector<std::string> made_;  // folders made for the lock, deepest first
};

// The files of a command, written as one set into a private folder made at the first write
// beside the output folder (`.<name>.hwsim-tmp-<pid>-<random>` in its parent), and moved into
// place by commit(): the whole folder renamed when the output folder does not exist yet;
// otherwise its manifest.json removed first, the files that manifest listed and this set does
// not have removed, the new files moved in and manifest.json last. A set not committed (an
// error, a full disk, a stop on request) removes its private folder when it goes, so the output
// folder holds the files of one command or of none. `stop` is asked before each file and
// before the commit: true throws Stopped (core/error.hpp). Every path written must be in the
// same folder, or, for a set made for a folder, in that folder or a folder under it (a set of
// sets, as `hwsim compare` with several scenarios writes: each subfolder a set of its own with
// its manifest.json, moved into place before the folder's own manifest.json).
class FileSet {
 public:
  explicit FileSet(std::function<bool()> stop = {});
  // A set of files in `folder` and folders under it.
  FileSet(const std::string& folder, std::function<bool()> stop);
  ~FileSet();
  FileSet(const FileSet&) = delete;
  FileSet& operator=(const FileSet&) = delete;
  // `write` gets the path to write to, in the private folder.
  // A failure other than bad input, a stop or a logic error is said as
  // "could not write PATH (REASON): ...".
  template <typename F>
  void write(const std::string& path, F&& write) {
    check_stop();
    writing(path, stage(path), write);
  }
  // More of a file already begun by write (one written over time, as result.h5 is, replication
  // by replication): `write` gets the same path; failures are said as write says them.
  template <typename F>
  void more(const std::string& path, F&& write) {
    check_stop();
    writing(path, staged(path), write);
  }
  // Where `path`, written through this set, is until the commit.
  std::string staged(const std::string& path) const;
  void commit();

 private:
  std::string stage(const std::string& path);
  std::string relative(const std::string& path) const;  // the name in the set
  [[noreturn]] static void throw_write_failure(const std::string& path, const std::exception& e);
  template <typename F>
  static void writing(const std::string& path, const std::string& tmp, F& write) {
    try {
      write(tmp);
    } catch (const InputError&) {
      throw;
    } catch (const Stopped&) {
      throw;
    } catch (const std::logic_error&) {
      throw;  // a mistake of the program's, not of the writing
    } catch (const std::exception& e) {
      throw_write_failure(path, e);
    }
  }
  void check_stop() const;
  std::function<bool()> stop_;
  std::string dir_, tmp_;
  bool nested_ = false;             // paths may be in folders under dir_
  std::vector<std::string> names_;  // relative to dir_
};

}  // namespace hwsim
