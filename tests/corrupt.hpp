// Test helper: damages an HDF5 file the way a bad disk would, one byte inside a dataset.
#pragma once
#include <hdf5.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "io/h5.hpp"

namespace hwsim::test {

// Flips one byte in the middle of the first chunk of dataset `name` of `file`.
inline void flip_byte_in(const std::string& file, const std::string& name) {
  haddr_t addr = 0;
  hsize_t size = 0;
  {
    hwsim::h5::Id f = hwsim::h5::open_file(file);
    hwsim::h5::Id ds(H5Dopen2(f, name.c_str(), H5P_DEFAULT), H5Dclose, "open " + name);
    hsize_t offset[8] = {};
    unsigned mask = 0;
    hwsim::h5::Id space(H5Dget_space(ds), H5Sclose, "space of " + name);
    REQUIRE(H5Dget_chunk_info(ds, space, 0, offset, &mask, &addr, &size) >= 0);
    REQUIRE(size > 8);
  }
  std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
  io.seekg(static_cast<std::streamoff>(addr + size / 2));
  char c = 0;
  io.read(&c, 1);
  io.seekp(static_cast<std::streamoff>(addr + size / 2));
  c = static_cast<char>(c ^ 0x10);
  io.write(&c, 1);
}

}  // namespace hwsim::test
