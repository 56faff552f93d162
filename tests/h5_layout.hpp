// Test helper: an HDF5 file checked the way netCDF-4 readers (xarray through h5netcdf, R's
// ncdf4) see it. Every dataset of rank 1 or more that is not itself a dimension scale must have
// each axis attached to exactly one scale: a 1-d dataset of its own group whose length is the
// axis's and whose name is that axis's name in the dataset's `dimensions` attribute. Every
// string, in datasets and in attributes (but the attributes HDF5's dimension scales keep for
// themselves), must be variable-length UTF-8.
#pragma once
#include <hdf5.h>
#include <hdf5_hl.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace hwsim::test {

struct H5Layout {
  std::vector<std::string> problems;                     // empty when all is well
  std::map<std::string, std::vector<std::string>> dims;  // dataset path -> its scales' paths
  std::vector<std::string> scales;                       // paths of the scales
  std::size_t strings_checked = 0;                       // string datasets and attributes
};

namespace detail {

inline std::string name_of(hid_t obj) {
  const ssize_t n = H5Iget_name(obj, nullptr, 0);
  std::string s(static_cast<std::size_t>(n > 0 ? n : 0), '\0');
  if (n > 0) H5Iget_name(obj, s.data(), static_cast<std::size_t>(n) + 1);
  return s;
}

inline std::string parent_of(const std::string& path) {
  const auto k = path.rfind('/');
  return k == 0 ? "/" : path.substr(0, k);
}

inline void check_string_type(H5Layout& out, hid_t type, const std::string& what) {
  if (H5Tget_class(type) != H5T_STRING) return;
  ++out.strings_checked;
  if (H5Tis_variable_str(type) <= 0)
    out.problems.push_back(what + ": not a variable-length string");
  if (H5Tget_cset(type) != H5T_CSET_UTF8) out.problems.push_back(what + ": not UTF-8");
}

inline void check_attributes(H5Layout& out, hid_t obj, const std::string& path) {
  struct Ctx {
    H5Layout* out;
    const std::string* path;
  } ctx{&out, &path};
  auto visit = [](hid_t loc, const char* name, const H5A_info_t*, void* op) -> herr_t {
    auto& c = *static_cast<Ctx*>(op);
    const std::string n = name;
    // Written by H5DS itself (CLASS and NAME as fixed-length ASCII, by the HDF5 specification).
    if (n == "CLASS" || n == "NAME" || n == "REFERENCE_LIST" || n == "DIMENSION_LIST") return 0;
    const hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    const hid_t t = H5Aget_type(a);
    check_string_type(*c.out, t, *c.path + " attribute " + n);
    H5Tclose(t);
    H5Aclose(a);
    return 0;
  };
  hsize_t idx = 0;
  H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, &idx, visit, &ctx);
}

}  // namespace detail

inline H5Layout h5_layout(const std::string& file) {
  H5Layout out;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) {
    out.problems.push_back("cannot open " + file);
    return out;
  }
  detail::check_attributes(out, f, "/");
  auto visit = [](hid_t obj, const char* name, const H5O_info_t* info, void* op) -> herr_t {
    auto& o = *static_cast<H5Layout*>(op);
    const std::string path = std::string("/") + name;
    if (info->type == H5O_TYPE_GROUP) {
      const hid_t g = H5Gopen2(obj, name, H5P_DEFAULT);
      detail::check_attributes(o, g, path);
      H5Gclose(g);
      return 0;
    }
    if (info->type != H5O_TYPE_DATASET) return 0;
    const hid_t ds = H5Dopen2(obj, name, H5P_DEFAULT);
    detail::check_attributes(o, ds, path);
    const hid_t type = H5Dget_type(ds);
    detail::check_string_type(o, type, path);
    H5Tclose(type);
    const hid_t space = H5Dget_space(ds);
    const int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> shape(static_cast<std::size_t>(rank > 0 ? rank : 0));
    if (rank > 0) H5Sget_simple_extent_dims(space, shape.data(), nullptr);
    H5Sclose(space);
    if (H5DSis_scale(ds) > 0) {
      o.scales.push_back(path);
      H5Dclose(ds);
      return 0;
    }
    std::vector<std::string> names;  // from the `dimensions` attribute
    if (H5Aexists(ds, "dimensions") > 0) {
      const hid_t a = H5Aopen(ds, "dimensions", H5P_DEFAULT);
      const hid_t t = H5Aget_type(a);
      char* s = nullptr;
      if (H5Tis_variable_str(t) > 0 && H5Aread(a, t, &s) >= 0 && s) {
        std::stringstream ss(s);
        std::string part;
        while (std::getline(ss, part, ',')) names.push_back(part);
        H5free_memory(s);
      }
      H5Tclose(t);
      H5Aclose(a);
    }
    if (rank > 0 && names.size() != static_cast<std::size_t>(rank))
      o.problems.push_back(path + ": the dimensions attribute does not name every axis");
    for (int k = 0; k < rank; ++k) {
      const auto uk = static_cast<std::size_t>(k);
      if (H5DSget_num_scales(ds, static_cast<unsigned>(k)) != 1) {
        o.problems.push_back(path + ": axis " + std::to_string(k) + " has not one scale");
        o.dims[path].push_back("");
        continue;
      }
      struct Found {
        std::string path;
        hsize_t len = 0;
        int rank = 0;
      } found;
      auto each = [](hid_t, unsigned, hid_t scale, void* data) -> herr_t {
        auto& x = *static_cast<Found*>(data);
        x.path = detail::name_of(scale);
        const hid_t sp = H5Dget_space(scale);
        x.rank = H5Sget_simple_extent_ndims(sp);
        if (x.rank == 1) H5Sget_simple_extent_dims(sp, &x.len, nullptr);
        H5Sclose(sp);
        return 1;  // one is enough
      };
      H5DSiterate_scales(ds, static_cast<unsigned>(k), nullptr, each, &found);
      o.dims[path].push_back(found.path);
      const std::string axis = path + " axis " + std::to_string(k);
      if (found.rank != 1 || found.len != shape[uk])
        o.problems.push_back(axis + ": scale " + found.path + " is not 1-d of length " +
                             std::to_string(shape[uk]));
      if (detail::parent_of(found.path) != detail::parent_of(path))
        o.problems.push_back(axis + ": scale " + found.path + " is not in its group");
      if (uk < names.size() && found.path.substr(found.path.rfind('/') + 1) != names[uk])
        o.problems.push_back(axis + ": scale " + found.path + " is not named " + names[uk]);
    }
    H5Dclose(ds);
    return 0;
  };
  H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_INC, visit, &out, H5O_INFO_BASIC);
  H5Fclose(f);
  return out;
}

}  // namespace hwsim::test
