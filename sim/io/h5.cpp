#include "io/h5.hpp"

#include <fmt/format.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <stdexcept>

namespace hwsim::h5 {

void check(herr_t e, const std::string& what) {
  if (e < 0) throw std::runtime_error("HDF5: could not " + what);
}

namespace {

// HDF5 closes what is still open when the process exits; a file whose close failed (a full
// disk) stays open, and that clean-up then crashes on it. Every file hwsim opens is closed by
// its Id, so the clean-up is not needed: turned off before the library starts.
const bool kNoExitCleanUp = [] {
  H5dont_atexit();
  return true;
}();

// The file `obj` belongs to, for messages.
std::string file_name_of(hid_t obj) {
  const ssize_t n = H5Fget_name(obj, nullptr, 0);
  if (n <= 0) return "the file";
  std::string name(static_cast<std::size_t>(n) + 1, '\0');
  H5Fget_name(obj, name.data(), name.size());
  name.resize(static_cast<std::size_t>(n));
  return name;
}

}  // namespace

Id dataset_plist(const std::vector<hsize_t>& dims, bool chunk_rows) {
  (void)kNoExitCleanUp;
  Id plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create property list");
  bool chunkable = !dims.empty();
  for (auto d : dims) chunkable = chunkable && d > 0;
  if (!chunkable) return plist;
  std::vector<hsize_t> chunk(dims);
  if (chunk_rows) chunk[0] = 1;  // one replication per chunk
  // A chunk holds at most 2^32 - 1 bytes; hwsim's never come near (one replication's months).
  check(H5Pset_chunk(plist, static_cast<int>(chunk.size()), chunk.data()), "set chunk");
  if (chunk_rows) check(H5Pset_deflate(plist, 4), "set compression");
  check(H5Pset_fletcher32(plist), "set the checksum filter");
  return plist;
}

void read_all(hid_t ds, hid_t type, void* buf, const std::string& name) {
  if (H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0)
    throw std::runtime_error(fmt::format(
        "HDF5: could not read {} in {}: the file is damaged (a checksum does not match) or "
        "unreadable",
        name, file_name_of(ds)));
}

namespace {

Id string_type(bool variable, std::size_t width = 1) {
  Id type(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
  if (variable) {
    check(H5Tset_size(type, H5T_VARIABLE), "set string size");
    check(H5Tset_cset(type, H5T_CSET_UTF8), "set charset");
  } else {
    check(H5Tset_size(type, width), "set string size");
    check(H5Tset_strpad(type, H5T_STR_NULLPAD), "set padding");
  }
  return type;
}

template <typename T>
void write_attr(hid_t obj, const std::string& name, hid_t type, const T& value) {
  Id space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
  Id attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
          "create attribute " + name);
  check(H5Awrite(attr, type, &value), "write attribute " + name);
}

template <typename T>
T read_attr(hid_t obj, const std::string& name, hid_t type) {
  Id attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  T v{};
  check(H5Aread(attr, type, &v), "read attribute " + name);
  return v;
}

template <typename T>
void write_nd(hid_t group, const std::string& name, hid_t type, const std::vector<hsize_t>& dims,
              const std::vector<T>& data, const std::string& unit, const std::string& description) {
  hsize_t n = 1;
  for (auto d : dims) n *= d;
  if (n != data.size()) throw std::logic_error("HDF5: " + name + ": size does not match dims");
  Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
           "create space for " + name);
  Id plist = dataset_plist(dims);
  Id ds(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, plist, H5P_DEFAULT), H5Dclose,
        "create dataset " + name);
  if (n > 0) check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), "write " + name);
  if (!unit.empty()) attr_string(ds, "unit", unit);
  if (!description.empty()) attr_string(ds, "description", description);
}

template <typename T>
std::vector<T> read_nd(hid_t group, const std::string& name, hid_t type,
                       std::vector<hsize_t>* dims_out) {
  Id ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
  Id space(H5Dget_space(ds), H5Sclose, "get the space of " + name);
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) throw std::runtime_error("HDF5: could not read the rank of " + name);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0) check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), "read dims");
  hsize_t n = 1;
  for (auto d : dims) n *= d;
  std::vector<T> v(n);
  if (n > 0) read_all(ds, type, v.data(), name);
  if (dims_out) *dims_out = dims;
  return v;
}

}  // namespace

Id::Id(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
  if (id < 0) throw std::runtime_error("HDF5: could not " + what);
}
Id::~Id() {
  if (id_ >= 0) close_(id_);
}

Id create_file(const std::string& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  return Id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose,
            "create " + path);
}

Id open_file(const std::string& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw std::runtime_error(fmt::format("{} is missing or not an HDF5 file", path));
  return Id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open " + path);
}

Id create_group(hid_t parent, const std::string& name) {
  return Id(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
            "create group " + name);
}
Id open_group(hid_t parent, const std::string& name) {
  return Id(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose, "open group " + name);
}
bool exists(hid_t parent, const std::string& name) {
  return H5Lexists(parent, name.c_str(), H5P_DEFAULT) > 0;
}

void attr_string(hid_t obj, const std::string& name, const std::string& value) {
  Id type = string_type(true);
  const char* s = value.c_str();
  write_attr(obj, name, type, s);
}
void attr_double(hid_t obj, const std::string& name, double value) {
  write_attr(obj, name, H5T_NATIVE_DOUBLE, value);
}
void attr_int64(hid_t obj, const std::string& name, std::int64_t value) {
  write_attr(obj, name, H5T_NATIVE_INT64, value);
}
void attr_uint64(hid_t obj, const std::string& name, std::uint64_t value) {
  write_attr(obj, name, H5T_NATIVE_UINT64, value);
}

std::string read_attr_string(hid_t obj, const std::string& name) {
  Id attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
  Id type = string_type(true);
  char* s = nullptr;
  check(H5Aread(attr, type, &s), "read attribute " + name);
  std::string out = s ? s : "";
  H5free_memory(s);
  return out;
}
double read_attr_double(hid_t obj, const std::string& name) {
  return read_attr<double>(obj, name, H5T_NATIVE_DOUBLE);
}
std::int64_t read_attr_int64(hid_t obj, const std::string& name) {
  return read_attr<std::int64_t>(obj, name, H5T_NATIVE_INT64);
}
std::uint64_t read_attr_uint64(hid_t obj, const std::string& name) {
  return read_attr<std::uint64_t>(obj, name, H5T_NATIVE_UINT64);
}

void write_doubles(hid_t group, const std::string& name, const std::vector<hsize_t>& dims,
                   const std::vector<double>& data, const std::string& unit,
                   const std::string& description) {
  write_nd(group, name, H5T_NATIVE_DOUBLE, dims, data, unit, description);
}
void write_int64s(hid_t group, const std::string& name, const std::vector<hsize_t>& dims,
                  const std::vector<std::int64_t>& data, const std::string& unit,
                  const std::string& description) {
  write_nd(group, name, H5T_NATIVE_INT64, dims, data, unit, description);
}
std::vector<double> read_doubles(hid_t group, const std::string& name, std::vector<hsize_t>* dims) {
  return read_nd<double>(group, name, H5T_NATIVE_DOUBLE, dims);
}
std::vector<std::int64_t> read_int64s(hid_t group, const std::string& name,
                                      std::vector<hsize_t>* dims) {
  return read_nd<std::int64_t>(group, name, H5T_NATIVE_INT64, dims);
}

void write_string(hid_t group, const std::string& name, const std::string& value) {
  Id type = string_type(true);
  Id space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
  Id ds(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Dclose, "create dataset " + name);
  const char* s = value.c_str();
  check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &s), "write " + name);
}

std::string read_string(hid_t group, const std::string& name) {
  Id ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
  Id type = string_type(true);
  char* s = nullptr;
  read_all(ds, type, &s, name);
  std::string out = s ? s : "";
  H5free_memory(s);
  return out;
}

void write_strings(hid_t group, const std::string& name, const std::vector<std::string>& v,
                   const std::string& description) {
  std::vector<const char*> ptrs;
  for (const auto& x : v) ptrs.push_back(x.c_str());
  Id type = string_type(true);
  const hsize_t dims[1] = {v.size()};
  Id space(H5Screate_simple(1, dims, nullptr), H5Sclose, "create space for " + name);
  // Variable-length strings live in the file's heap, which no filter covers: no checksum.
  Id ds(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Dclose, "create dataset " + name);
  if (!v.empty())
    check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), "write " + name);
  if (!description.empty()) attr_string(ds, "description", description);
}

std::vector<std::string> read_strings(hid_t group, const std::string& name) {
  Id ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
  Id ftype(H5Dget_type(ds), H5Tclose, "get the type of " + name);
  if (H5Tget_class(ftype) != H5T_STRING)
    throw std::runtime_error("HDF5: " + name + " is not an array of strings");
  Id space(H5Dget_space(ds), H5Sclose, "get the space of " + name);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  if (n < 0) throw std::runtime_error("HDF5: could not size " + name);
  std::vector<std::string> out;
  if (H5Tis_variable_str(ftype) > 0) {
    std::vector<char*> ptrs(static_cast<std::size_t>(n), nullptr);
    Id mtype = string_type(true);
    if (n > 0) read_all(ds, mtype, ptrs.data(), name);
    for (char* p : ptrs) {
      out.emplace_back(p ? p : "");
      H5free_memory(p);
    }
    return out;
  }
  // Fixed-length strings, as files written before this version hold them.
  const std::size_t width = H5Tget_size(ftype);
  std::string buf(width * static_cast<std::size_t>(n), '\0');
  Id mtype = string_type(false, width);
  if (n > 0) read_all(ds, mtype, buf.data(), name);
  for (hssize_t i = 0; i < n; ++i) {
    std::string s = buf.substr(static_cast<std::size_t>(i) * width, width);
    s.erase(std::find(s.begin(), s.end(), '\0'), s.end());
    out.push_back(s);
  }
  return out;
}

void dataset_string(hid_t group, const std::string& name, const std::string& value) {
  write_string(group, name, value);
}

void dataset_strings(hid_t group, const std::string& name, const std::vector<std::string>& v,
                     const std::string& description, const std::vector<std::string>& dims) {
  if (!dims.empty()) check_scales(group, name, dims, {v.size()});
  write_strings(group, name, v, description);
  if (dims.empty()) return;
  Id ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
  attr_string(ds, "dimensions", join_dims(dims));
  attach_scales(group, ds, name, dims);
}

void describe_nd(hid_t group, hid_t ds, const std::string& name, const std::string& unit,
                 const std::string& description, const std::vector<std::string>& dim_names) {
  attr_string(ds, "unit", unit);
  attr_string(ds, "description", description);
  attr_string(ds, "dimensions", join_dims(dim_names));
  attach_scales(group, ds, name, dim_names);
}

void dataset_rows(hid_t group, const std::string& name, hid_t type,
                  const std::vector<hsize_t>& dims, const std::string& unit,
                  const std::string& description, const std::vector<std::string>& dim_names) {
  check_scales(group, name, dim_names, dims);
  Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
           "create space");
  Id plist = dataset_plist(dims, true);
  Id ds(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, plist, H5P_DEFAULT), H5Dclose,
        "create dataset " + name);
  describe_nd(group, ds, name, unit, description, dim_names);
}

void write_row(hid_t group, const std::string& name, hid_t type, hsize_t row, const void* data) {
  Id ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
  Id space(H5Dget_space(ds), H5Sclose, "get the space of " + name);
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 1) throw std::logic_error("HDF5: " + name + " has no rows");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space, dims.data(), nullptr), "read dims");
  if (row >= dims[0])
    throw std::logic_error("HDF5: " + name + " has no row " + std::to_string(row));
  std::vector<hsize_t> start(dims.size(), 0), count(dims);
  start[0] = row;
  count[0] = 1;
  check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
        "select row of " + name);
  Id mem(H5Screate_simple(rank, count.data(), nullptr), H5Sclose, "create space");
  check(H5Dwrite(ds, type, mem, space, H5P_DEFAULT, data), "write " + name);
}

std::string join_dims(const std::vector<std::string>& dims) {
  return fmt::format("{}", fmt::join(dims, ","));
}

void scale_labels(hid_t group, const std::string& name, const std::vector<std::string>& labels,
                  const std::string& description) {
  write_strings(group, name, labels, description);
  Id ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
  check(H5DSset_scale(ds, name.c_str()), "make " + name + " a dimension scale");
}

void scale_index(hid_t group, const std::string& name, hsize_t n, const std::string& description) {
  std::vector<std::int64_t> positions(n);
  for (hsize_t k = 0; k < n; ++k) positions[k] = static_cast<std::int64_t>(k);
  write_int64s(group, name, {n}, positions, "", description);
  Id ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
  check(H5DSset_scale(ds, name.c_str()), "make " + name + " a dimension scale");
}

bool is_scale(hid_t ds) { return H5DSis_scale(ds) > 0; }

void check_scales(hid_t group, const std::string& ds_name, const std::vector<std::string>& dims,
                  const std::vector<hsize_t>& shape) {
  if (shape.size() != dims.size())
    throw std::logic_error(fmt::format("HDF5: {} has {} axes but {} dimension names", ds_name,
                                       shape.size(), dims.size()));
  for (std::size_t k = 0; k < dims.size(); ++k) {
    const std::string& dim = dims[k];
    if (!exists(group, dim)) continue;  // attach_scales makes a scale of positions
    Id scale(H5Dopen2(group, dim.c_str(), H5P_DEFAULT), H5Dclose, "open dimension scale " + dim);
    Id sspace(H5Dget_space(scale), H5Sclose, "get the space of " + dim);
    hsize_t len = 0;
    if (H5Sget_simple_extent_ndims(sspace) != 1 || H5DSis_scale(scale) <= 0)
      throw std::logic_error(
          fmt::format("HDF5: {} (a dimension of {}) is not a 1-d scale", dim, ds_name));
    check(H5Sget_simple_extent_dims(sspace, &len, nullptr), "read the length of " + dim);
    if (len != shape[k])
      throw std::logic_error(fmt::format("HDF5: {} has {} along {} but its scale has {}", ds_name,
                                         shape[k], dim, len));
  }
}

void attach_scales(hid_t group, hid_t ds, const std::string& ds_name,
                   const std::vector<std::string>& dims) {
  Id space(H5Dget_space(ds), H5Sclose, "get the space of " + ds_name);
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0) throw std::runtime_error("HDF5: could not read the rank of " + ds_name);
  std::vector<hsize_t> shape(static_cast<std::size_t>(rank));
  if (rank > 0) check(H5Sget_simple_extent_dims(space, shape.data(), nullptr), "read dims");
  check_scales(group, ds_name, dims, shape);
  for (std::size_t k = 0; k < dims.size(); ++k) {
    const std::string& dim = dims[k];
    if (!exists(group, dim))
      scale_index(group, dim, shape[k], fmt::format("position along {}, 0 to n-1", dim));
    Id scale(H5Dopen2(group, dim.c_str(), H5P_DEFAULT), H5Dclose, "open dimension scale " + dim);
    check(H5DSattach_scale(ds, scale, static_cast<unsigned>(k)),
          fmt::format("attach {} to axis {} of {}", dim, k, ds_name));
  }
}

}  // namespace hwsim::h5
