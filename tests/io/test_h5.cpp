// The HDF5 helpers, and writing files safely: atomically, and only into a writable folder.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "h5_layout.hpp"
#include "helpers.hpp"
#include "io/h5.hpp"
#include "io/result_writer.hpp"

using namespace hwsim;
using hwsim::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("numbers, strings and attributes read back as written", "[io][h5]") {
  TempDir d;
  const std::string path = d.file("t.h5");
  const std::vector<double> doubles{0.0, -1.5, 1e300, 3.25, std::nan(""), 1.0 / 3};
  const std::vector<std::int64_t> ints{0, -1, std::numeric_limits<std::int64_t>::max(),
                                       std::numeric_limits<std::int64_t>::min()};
  const std::vector<std::string> names{"gp", "", "Jobcentre Plus, Finsbury Park", "é ü"};
  const std::string text = "line one\nline \"two\", with a comma";
  {
    h5::Id f = h5::create_file(path);
    h5::Id g = h5::create_group(f, "group");
    h5::write_doubles(g, "doubles", {2, 3}, doubles, "persons", "two by three");
    h5::write_int64s(g, "ints", {4}, ints);
    h5::write_string(g, "text", text);
    h5::write_strings(g, "names", names, "some names");
    h5::attr_string(g, "label", "a label");
    h5::attr_double(g, "rate", 0.035);
    h5::attr_int64(g, "count", -42);
    h5::attr_uint64(g, "seed", std::numeric_limits<std::uint64_t>::max());
  }
  h5::Id f = h5::open_file(path);
  REQUIRE(h5::exists(f, "group"));
  CHECK_FALSE(h5::exists(f, "other"));
  h5::Id g = h5::open_group(f, "group");

  std::vector<hsize_t> dims;
  const auto d2 = h5::read_doubles(g, "doubles", &dims);
  CHECK(dims == std::vector<hsize_t>{2, 3});
  REQUIRE(d2.size() == doubles.size());
  for (std::size_t k = 0; k < doubles.size(); ++k) {
    INFO(k);
    if (std::isnan(doubles[k]))
      CHECK(std::isnan(d2[k]));
    else
      CHECK(d2[k] == doubles[k]);  // bit for bit
  }
  CHECK(h5::read_int64s(g, "ints", &dims) == ints);
  CHECK(dims == std::vector<hsize_t>{4});
  CHECK(h5::read_string(g, "text") == text);
  CHECK(h5::read_strings(g, "names") == names);
  CHECK(h5::read_attr_string(g, "label") == "a label");
  CHECK(h5::read_attr_double(g, "rate") == 0.035);
  CHECK(h5::read_attr_int64(g, "count") == -42);
  CHECK(h5::read_attr_uint64(g, "seed") == std::numeric_limits<std::uint64_t>::max());
  {
    h5::Id ds(H5Dopen2(g, "doubles", H5P_DEFAULT), H5Dclose, "open doubles");
    CHECK(h5::read_attr_string(ds, "unit") == "persons");
    CHECK(h5::read_attr_string(ds, "description") == "two by three");
  }
  CHECK_THROWS_AS(h5::read_doubles(g, "missing"), std::runtime_error);
  CHECK_THROWS_AS(h5::read_attr_string(g, "missing"), std::runtime_error);
}

TEST_CASE("a file that is missing or not HDF5 is refused", "[io][h5]") {
  TempDir d;
  CHECK_THROWS_AS(h5::open_file(d.file("missing.h5")), std::runtime_error);
  CHECK_THROWS_AS(h5::open_file(d.write("text.h5", "not HDF5")), std::runtime_error);
}

TEST_CASE("write_atomically leaves the file only when the writer finishes", "[io]") {
  TempDir d;
  const std::string path = d.file("out.csv");
  SECTION("a writer that throws leaves neither the file nor a .partial") {
    std::string written_to;
    CHECK_THROWS_WITH(write_atomically(path,
                                       [&](const std::string& tmp) {
                                         written_to = tmp;
                                         std::ofstream(tmp) << "half a file";
                                         throw std::runtime_error("disk full");
                                       }),
                      "disk full");
    CHECK(written_to == path + ".partial");
    CHECK_FALSE(fs::exists(path));
    CHECK_FALSE(fs::exists(path + ".partial"));
    CHECK(fs::is_empty(d.path()));
  }
  SECTION("a writer that throws leaves an earlier file as it was") {
    std::ofstream(path) << "earlier";
    CHECK_THROWS(write_atomically(path, [](const std::string& tmp) {
      std::ofstream(tmp) << "new";
      throw std::runtime_error("failed");
    }));
    std::ifstream in(path);
    std::string text;
    std::getline(in, text);
    CHECK(text == "earlier");
    CHECK_FALSE(fs::exists(path + ".partial"));
  }
  SECTION("a writer that finishes leaves the file and no .partial") {
    write_atomically(path, [](const std::string& tmp) { std::ofstream(tmp) << "whole"; });
    std::ifstream in(path);
    std::string text;
    std::getline(in, text);
    CHECK(text == "whole");
    CHECK_FALSE(fs::exists(path + ".partial"));
  }
}

TEST_CASE("a FileSet renames its files only together, and a stop leaves the folder as it was",
          "[io]") {
  TempDir d;
  const std::string a = d.file("a.csv"), b = d.file("b.csv");
  std::ofstream(a) << "earlier a";
  auto text = [](const std::string& path) {
    std::ifstream in(path);
    std::string t;
    std::getline(in, t);
    return t;
  };
  SECTION("committed: every file new, no .partial") {
    FileSet files;
    files.write(a, [](const std::string& tmp) { std::ofstream(tmp) << "new a"; });
    files.write(b, [](const std::string& tmp) { std::ofstream(tmp) << "new b"; });
    CHECK(text(a) == "earlier a");  // nothing renamed before the commit
    CHECK_FALSE(fs::exists(b));
    files.commit();
    CHECK(text(a) == "new a");
    CHECK(text(b) == "new b");
    CHECK_FALSE(fs::exists(a + ".partial"));
  }
  SECTION("stopped between files or before the commit: partials removed, nothing replaced") {
    for (int stop_at : {1, 2}) {
      int asked = 0;
      {
        FileSet files([&] { return ++asked > stop_at; });
        CHECK_THROWS_AS(
            [&] {
              files.write(a, [](const std::string& tmp) { std::ofstream(tmp) << "new a"; });
              files.write(b, [](const std::string& tmp) { std::ofstream(tmp) << "new b"; });
              files.commit();
            }(),
            Stopped);
      }
      CHECK(text(a) == "earlier a");
      CHECK_FALSE(fs::exists(b));
      CHECK_FALSE(fs::exists(a + ".partial"));
      CHECK_FALSE(fs::exists(b + ".partial"));
    }
  }
  SECTION("a writer that throws: partials removed") {
    {
      FileSet files;
      files.write(a, [](const std::string& tmp) { std::ofstream(tmp) << "new a"; });
      CHECK_THROWS(files.write(b, [](const std::string& tmp) {
        std::ofstream(tmp) << "half";
        throw std::runtime_error("disk full");
      }));
    }
    CHECK(text(a) == "earlier a");
    CHECK_FALSE(fs::exists(a + ".partial"));
    CHECK_FALSE(fs::exists(b + ".partial"));
  }
}

TEST_CASE("ensure_writable_dir makes the folder or refuses naming it", "[io]") {
  TempDir d;
  SECTION("a new folder, nested") {
    const std::string dir = d.file("a/b/c");
    ensure_writable_dir(dir);
    CHECK(fs::is_directory(dir));
    CHECK(fs::is_empty(dir));  // the probe file is gone
  }
  SECTION("a folder under a regular file") {
    const std::string file = d.write("file", "not a folder");
    const std::string dir = file + "/out";
    CHECK_THROWS_WITH(ensure_writable_dir(dir),
                      Catch::Contains("cannot write to output folder") && Catch::Contains(dir));
    CHECK(fs::is_regular_file(file));
  }
  SECTION("a regular file itself") {
    const std::string file = d.write("file", "not a folder");
    CHECK_THROWS_WITH(ensure_writable_dir(file), Catch::Contains(file));
  }
}

TEST_CASE("datasets get named dimensions attached to scales of their group", "[io][h5]") {
  TempDir d;
  const std::string path = d.file("s.h5");
  {
    h5::Id f = h5::create_file(path);
    h5::Id g = h5::create_group(f, "g");
    h5::scale_labels(g, "month", {"2014-11", "2014-12", "2015-01"}, "months");
    h5::dataset_nd(g, "x", H5T_NATIVE_DOUBLE, {2, 3}, std::vector<double>(6, 1.0), "persons",
                   "a test", {"replication", "month"});
    h5::dataset_strings(g, "month_names", {"November", "December", "January"}, "names", {"month"});
    SECTION("a scale of another length is refused") {
      CHECK_THROWS_AS(h5::dataset_nd(g, "y", H5T_NATIVE_DOUBLE, {2, 4}, std::vector<double>(8, 1.0),
                                     "", "", {"replication", "month"}),
                      std::logic_error);
    }
    SECTION("dimension names must name every axis") {
      CHECK_THROWS_AS(h5::dataset_nd(g, "z", H5T_NATIVE_DOUBLE, {2, 3}, std::vector<double>(6, 1.0),
                                     "", "", {"replication"}),
                      std::logic_error);
    }
  }
  const auto layout = test::h5_layout(path);
  INFO(layout.problems.size() << " problems, the first: "
                              << (layout.problems.empty() ? "" : layout.problems.front()));
  CHECK(layout.problems.empty());
  CHECK(layout.dims.at("/g/x") == std::vector<std::string>{"/g/replication", "/g/month"});
  CHECK(layout.dims.at("/g/month_names") == std::vector<std::string>{"/g/month"});
  h5::Id f = h5::open_file(path);
  h5::Id g = h5::open_group(f, "g");
  // A dimension without a scale of labels gets one of positions.
  CHECK(h5::read_int64s(g, "replication") == std::vector<std::int64_t>{0, 1});
  CHECK(h5::read_strings(g, "month") == std::vector<std::string>{"2014-11", "2014-12", "2015-01"});
  h5::Id x(H5Dopen2(g, "x", H5P_DEFAULT), H5Dclose, "open x");
  CHECK(h5::read_attr_string(x, "dimensions") == "replication,month");
  CHECK_FALSE(h5::is_scale(x));
  h5::Id m(H5Dopen2(g, "month", H5P_DEFAULT), H5Dclose, "open month");
  CHECK(h5::is_scale(m));
}

TEST_CASE("read_strings reads the fixed-length strings of earlier files", "[io][h5]") {
  TempDir d;
  const std::string path = d.file("old.h5");
  {
    h5::Id f = h5::create_file(path);
    const std::string buf("gp\0\0\0jsa\0\0esa_s", 15);
    h5::Id type(H5Tcopy(H5T_C_S1), H5Tclose, "copy type");
    h5::check(H5Tset_size(type, 5), "set size");
    const hsize_t n[1] = {3};
    h5::Id space(H5Screate_simple(1, n, nullptr), H5Sclose, "space");
    h5::Id ds(H5Dcreate2(f, "names", type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
              "create");
    h5::check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), "write");
  }
  h5::Id f = h5::open_file(path);
  CHECK(h5::read_strings(f, "names") == std::vector<std::string>{"gp", "jsa", "esa_s"});
}
