// Test helper: a digest of every numeric dataset in an HDF5 file, by path. Each dataset's
// shape and values (read as 64-bit integers or doubles) are hashed with FNV-1a, so two files
// agree on a dataset exactly when its figures agree bit for bit. Dimension scales (replication
// 0..R-1 and the like) are labels of other datasets' axes, not figures: they are left out, so
// adding scales to a file leaves its digests as they were.
#pragma once
#include <hdf5.h>
#include <hdf5_hl.h>

#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace hwsim::test {

inline void fnv1a(std::uint64_t& h, const void* data, std::size_t n) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 1099511628211ull;
  }
}

// path -> 16 hex digits. Datasets named in `skip` (by their last path component, e.g.
// "seconds" for wall times) are left out.
inline std::map<std::string, std::string> h5_digests(const std::string& file,
                                                     const std::set<std::string>& skip = {}) {
  struct Ctx {
    std::map<std::string, std::string> out;
    const std::set<std::string>* skip;
    hid_t file;
  } ctx{{}, &skip, -1};
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  ctx.file = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (ctx.file < 0) return {};
  auto visit = [](hid_t obj, const char* name, const H5O_info_t* info, void* op) -> herr_t {
    auto& c = *static_cast<Ctx*>(op);
    if (info->type != H5O_TYPE_DATASET) return 0;
    const std::string path = std::string("/") + name;
    const std::string leaf = path.substr(path.rfind('/') + 1);
    if (c.skip->count(leaf)) return 0;
    const hid_t ds = H5Dopen2(obj, name, H5P_DEFAULT);
    if (H5DSis_scale(ds) > 0) {
      H5Dclose(ds);
      return 0;
    }
    const hid_t type = H5Dget_type(ds);
    const H5T_class_t cls = H5Tget_class(type);
    if (cls == H5T_INTEGER || cls == H5T_FLOAT) {
      const hid_t space = H5Dget_space(ds);
      const int rank = H5Sget_simple_extent_ndims(space);
      std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
      H5Sget_simple_extent_dims(space, dims.data(), nullptr);
      hsize_t n = 1;
      for (auto d : dims) n *= d;
      std::uint64_t h = 1469598103934665603ull;
      fnv1a(h, dims.data(), dims.size() * sizeof(hsize_t));
      if (cls == H5T_INTEGER) {
        std::vector<std::int64_t> v(n);
        if (n) H5Dread(ds, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
        fnv1a(h, v.data(), v.size() * sizeof(std::int64_t));
      } else {
        std::vector<double> v(n);
        if (n) H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
        fnv1a(h, v.data(), v.size() * sizeof(double));
      }
      char hex[17];
      std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
      c.out[path] = hex;
      H5Sclose(space);
    }
    H5Tclose(type);
    H5Dclose(ds);
    return 0;
  };
  H5Ovisit2(ctx.file, H5_INDEX_NAME, H5_ITER_INC, visit, &ctx, H5O_INFO_BASIC);
  H5Fclose(ctx.file);
  return ctx.out;
}

}  // namespace hwsim::test
