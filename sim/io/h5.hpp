// Small HDF5 helpers shared by the writers and readers of result.h5 (RAII identifiers,
// string attributes, n-dimensional datasets with unit, description and dimension labels).
#pragma once
#include <hdf5.h>

#include <string>
#include <vector>

namespace hwsim::h5 {

// RAII for HDF5 identifiers.
class H5Id {
 public:
  H5Id(hid_t id, herr_t (*close)(hid_t), const char* what);
  H5Id(const H5Id&) = delete;
  H5Id& operator=(const H5Id&) = delete;
  ~H5Id() {
    if (id_ >= 0) close_(id_);
  }
  operator hid_t() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

void check(herr_t e, const std::string& what);
void attr_string(hid_t obj, const std::string& name, const std::string& value);
void dataset_string(hid_t group, const std::string& name, const std::string& value);
void dataset_strings(hid_t group, const std::string& name, const std::vector<std::string>& v,
                     const std::string& description);

template <typename T>
void attr_scalar(hid_t obj, const std::string& name, hid_t type, T value) {
  H5Id space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
  H5Id attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
            ("create attribute " + name).c_str());
  check(H5Awrite(attr, type, &value), "write attribute " + name);
}

template <typename T>
void dataset_nd(hid_t group, const std::string& name, hid_t type, const std::vector<hsize_t>& dims,
                const std::vector<T>& data, const std::string& unit, const std::string& description,
                const std::string& dim_labels) {
  H5Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
             "create space");
  H5Id plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create property list");
  bool big = true;
  for (auto d : dims) big = big && d > 0;
  if (big && data.size() >= 1024) {
    std::vector<hsize_t> chunk(dims);
    chunk[0] = 1;  // one replication per chunk
    check(H5Pset_chunk(plist, static_cast<int>(chunk.size()), chunk.data()), "set chunk");
    check(H5Pset_deflate(plist, 4), "set compression");
  }
  H5Id ds(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, plist, H5P_DEFAULT), H5Dclose,
          ("create dataset " + name).c_str());
  check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), "write " + name);
  attr_string(ds, "unit", unit);
  attr_string(ds, "description", description);
  attr_string(ds, "dimensions", dim_labels);
}

// Readers (for `hwsim finance DIR`): a double dataset with its shape; fixed-width strings.
std::vector<double> read_doubles(hid_t file, const std::string& path, std::vector<hsize_t>& dims);
std::vector<std::string> read_strings(hid_t file, const std::string& path);
std::string read_attr_string(hid_t obj, const std::string& name);

}  // namespace hwsim::h5
