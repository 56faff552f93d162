#include "io/h5.hpp"

#include <stdexcept>

namespace hwsim::h5 {

H5Id::H5Id(hid_t id, herr_t (*close)(hid_t), const char* what) : id_(id), close_(close) {
  if (id < 0) throw std::runtime_error(std::string("HDF5: could not ") + what);
}

void check(herr_t e, const std::string& what) {
  if (e < 0) throw std::runtime_error("HDF5: could not " + what);
}

void attr_string(hid_t obj, const std::string& name, const std::string& value) {
  H5Id type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
  check(H5Tset_size(type, H5T_VARIABLE), "set string size");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "set charset");
  H5Id space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
  H5Id attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
            ("create attribute " + name).c_str());
  const char* s = value.c_str();
  check(H5Awrite(attr, type, &s), "write attribute " + name);
}

void dataset_string(hid_t group, const std::string& name, const std::string& value) {
  H5Id type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
  check(H5Tset_size(type, H5T_VARIABLE), "set string size");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "set charset");
  H5Id space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
  H5Id ds(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
          H5Dclose, ("create dataset " + name).c_str());
  const char* s = value.c_str();
  check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &s), "write " + name);
}

void dataset_strings(hid_t group, const std::string& name, const std::vector<std::string>& v,
                     const std::string& description) {
  std::size_t width = 1;
  for (const auto& s : v) width = std::max(width, s.size());
  std::string buf(width * v.size(), '\0');
  for (std::size_t i = 0; i < v.size(); ++i) buf.replace(i * width, v[i].size(), v[i]);
  H5Id type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
  check(H5Tset_size(type, width), "set string size");
  check(H5Tset_strpad(type, H5T_STR_NULLPAD), "set padding");
  const hsize_t dims[1] = {v.size()};
  H5Id space(H5Screate_simple(1, dims, nullptr), H5Sclose, "create space");
  H5Id ds(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
          H5Dclose, ("create dataset " + name).c_str());
  check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), "write " + name);
  attr_string(ds, "description", description);
}

std::vector<double> read_doubles(hid_t file, const std::string& path, std::vector<hsize_t>& dims) {
  H5Id ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, ("open " + path).c_str());
  H5Id space(H5Dget_space(ds), H5Sclose, "get space");
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) throw std::runtime_error("HDF5: could not read the shape of " + path);
  dims.assign(static_cast<std::size_t>(rank), 0);
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  hsize_t n = 1;
  for (auto d : dims) n *= d;
  std::vector<double> v(n);
  check(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "read " + path);
  return v;
}

std::vector<std::string> read_strings(hid_t file, const std::string& path) {
  H5Id ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, ("open " + path).c_str());
  H5Id type(H5Dget_type(ds), H5Tclose, "get type");
  if (H5Tis_variable_str(type) > 0)
    throw std::runtime_error("HDF5: " + path + " is not fixed-width");
  const std::size_t width = H5Tget_size(type);
  H5Id space(H5Dget_space(ds), H5Sclose, "get space");
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space, &n, nullptr);
  std::string buf(width * n, '\0');
  check(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), "read " + path);
  std::vector<std::string> out;
  for (hsize_t i = 0; i < n; ++i) {
    std::string s = buf.substr(i * width, width);
    s.erase(s.find_last_not_of('\0') + 1);
    out.push_back(s);
  }
  return out;
}

std::string read_attr_string(hid_t obj, const std::string& name) {
  H5Id attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, ("open attribute " + name).c_str());
  H5Id type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
  check(H5Tset_size(type, H5T_VARIABLE), "set string size");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "set charset");
  char* s = nullptr;
  check(H5Aread(attr, type, &s), "read attribute " + name);
  std::string out = s ? s : "";
  H5free_memory(s);
  return out;
}

}  // namespace hwsim::h5
