// A set of files made for a folder, with files in folders under it (as `hwsim compare` with
// several scenarios writes): moved into place together, the folder's manifest.json last, and a
// later set replacing it whole.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "helpers.hpp"
#include "io/output_set.hpp"

using namespace hwsim;
using hwsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string text(const std::string& path) {
  std::ifstream in(path);
  std::string t;
  std::getline(in, t);
  return t;
}

// A manifest listing `names` with their sizes in the staged set, as io/manifest.cpp writes it.
void manifest(FileSet& files, const std::string& dir, const std::vector<std::string>& names) {
  std::string body = "{\"files\": [\n";
  for (std::size_t k = 0; k < names.size(); ++k)
    body += (k ? ",\n" : "") + std::string("    {\"name\": \"") + names[k] +
            "\", \"bytes\": " + std::to_string(fs::file_size(files.staged(dir + "/" + names[k]))) +
            ", \"description\": \"\"}";
  body += "\n]}\n";
  files.write(dir + "/manifest.json", [&](const std::string& tmp) { std::ofstream(tmp) << body; });
}

}  // namespace

TEST_CASE("a FileSet made for a folder writes its subfolders as one set", "[io]") {
  TempDir d;
  const std::string out = d.file("out");
  auto put = [](FileSet& files, const std::string& path, const std::string& t) {
    files.write(path, [&](const std::string& tmp) { std::ofstream(tmp) << t; });
  };
  {
    FileSet files(out, {});
    put(files, out + "/a/x.csv", "a x");
    put(files, out + "/b/x.csv", "b x");
    put(files, out + "/ranking.csv", "ranking");
    CHECK_FALSE(fs::exists(out));  // nothing in place before the commit
    manifest(files, out, {"a/x.csv", "b/x.csv", "ranking.csv"});
    CHECK_THROWS_AS(put(files, d.file("elsewhere.csv"), "no"), std::logic_error);
    files.commit();
  }
  CHECK(text(out + "/a/x.csv") == "a x");
  CHECK(text(out + "/b/x.csv") == "b x");
  CHECK_NOTHROW(check_complete(out, "a/x.csv"));
  CHECK_NOTHROW(check_complete(out, "ranking.csv"));
  // The folders the manifest's files are in are hwsim's: a claim needs no --force.
  CHECK_NOTHROW(OutputClaim(out, false));
  // A second set replaces the first: the subfolder it does not make goes.
  {
    FileSet files(out, {});
    put(files, out + "/a/x.csv", "new a x");
    put(files, out + "/c/x.csv", "c x");
    manifest(files, out, {"a/x.csv", "c/x.csv"});
    files.commit();
  }
  CHECK(text(out + "/a/x.csv") == "new a x");
  CHECK(text(out + "/c/x.csv") == "c x");
  CHECK_FALSE(fs::exists(out + "/b"));
  CHECK_FALSE(fs::exists(out + "/ranking.csv"));
  CHECK_NOTHROW(check_complete(out, "c/x.csv"));
  // A set not committed leaves nothing behind.
  {
    FileSet files(out, {});
    put(files, out + "/d/x.csv", "d x");
  }
  CHECK_FALSE(fs::exists(out + "/d"));
  std::size_t private_folders = 0;
  for (const auto& e : fs::directory_iterator(d.path()))
    private_folders += e.path().filename().string().find("hwsim-tmp") != std::string::npos;
  CHECK(private_folders == 0);
}
