// Small typed helpers over the HDF5 C API for writing and reading hwsim's files (result.h5,
// posterior.h5, checkpoint.h5): RAII identifiers, attributes, numeric and string datasets,
// dimension scales.
// Every failure throws std::runtime_error naming what could not be done.
#pragma once
#include <hdf5.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace hwsim::h5 {

// An HDF5 identifier, closed when it goes.
class Id;
using H5Id = Id;

class Id {
 public:
  Id(hid_t id, herr_t (*close)(hid_t), const std::string& what);
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  Id(Id&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
  ~Id();
  operator hid_t() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

// Throws if e < 0.
void check(herr_t e, const std::string& what);

// The creation properties of every dataset hwsim writes: chunked, with the Fletcher-32 checksum
// filter (HDF5 checks it on every read, so a damaged chunk is an error, not a quiet wrong value),
// one replication (the first axis) per chunk and compressed when `chunk_rows` (large data). A
// scalar or empty dataset cannot be chunked, and has no checksum; nor do strings, whose text
// lives in the file's heap, out of any filter's reach.
Id dataset_plist(const std::vector<hsize_t>& dims, bool chunk_rows = false);
// Reads all of dataset `ds` (`name`) into `buf` as `type`; a failure (a checksum that does not
// match) names the dataset and the file.
void read_all(hid_t ds, hid_t type, void* buf, const std::string& name);

Id create_file(const std::string& path);
// Opens read-only; throws if the file is missing, not HDF5 or damaged.
Id open_file(const std::string& path);
Id create_group(hid_t parent, const std::string& name);
Id open_group(hid_t parent, const std::string& name);
bool exists(hid_t parent, const std::string& name);

void attr_string(hid_t obj, const std::string& name, const std::string& value);
void attr_double(hid_t obj, const std::string& name, double value);
void attr_int64(hid_t obj, const std::string& name, std::int64_t value);
void attr_uint64(hid_t obj, const std::string& name, std::uint64_t value);
std::string read_attr_string(hid_t obj, const std::string& name);
double read_attr_double(hid_t obj, const std::string& name);
std::int64_t read_attr_int64(hid_t obj, const std::string& name);
std::uint64_t read_attr_uint64(hid_t obj, const std::string& name);

// Numeric datasets of any rank (row-major); attributes unit and description when given.
void write_doubles(hid_t group, const std::string& name, const std::vector<hsize_t>& dims,
                   const std::vector<double>& data, const std::string& unit = "",
                   const std::string& description = "");
void write_int64s(hid_t group, const std::string& name, const std::vector<hsize_t>& dims,
                  const std::vector<std::int64_t>& data, const std::string& unit = "",
                  const std::string& description = "");
std::vector<double> read_doubles(hid_t group, const std::string& name,
                                 std::vector<hsize_t>* dims = nullptr);
std::vector<std::int64_t> read_int64s(hid_t group, const std::string& name,
                                      std::vector<hsize_t>* dims = nullptr);

// A scalar variable-length UTF-8 string, and a 1-d array of them (read_strings also reads the
// fixed-length strings of files written before).
void write_string(hid_t group, const std::string& name, const std::string& value);
std::string read_string(hid_t group, const std::string& name);
void write_strings(hid_t group, const std::string& name, const std::vector<std::string>& v,
                   const std::string& description = "");
std::vector<std::string> read_strings(hid_t group, const std::string& name);

// Dimension scales (HDF5's H5DS, netCDF-4's model of dimensions): each dimension of a group's
// n-d datasets is a 1-d dataset of that group, named after the dimension and made a scale, and
// every n-d dataset has its axes attached to those scales, so h5py, xarray (h5netcdf), netCDF
// and R see named dimensions with their labels.
// A scale of labels, variable-length UTF-8 strings (month: YYYY-MM; benefit_state: its names).
void scale_labels(hid_t group, const std::string& name, const std::vector<std::string>& labels,
                  const std::string& description);
// A scale of positions 0..n-1 (replication).
void scale_index(hid_t group, const std::string& name, hsize_t n, const std::string& description);
// Throws std::logic_error unless `dims` names each axis of `shape` and each scale `group`
// already has of those names is 1-d and as long as its axis (dataset_nd checks before writing).
void check_scales(hid_t group, const std::string& ds_name, const std::vector<std::string>& dims,
                  const std::vector<hsize_t>& shape);
// Attaches axis k of the dataset `ds` (named `ds_name`, in `group`) to the scale dims[k] of
// `group`, first making a scale of positions (scale_index) for a dimension the group has none
// for; throws std::logic_error if a scale's length is not the axis's.
void attach_scales(hid_t group, hid_t ds, const std::string& ds_name,
                   const std::vector<std::string>& dims);
// Whether the dataset is a dimension scale.
bool is_scale(hid_t ds);

// The writers of result.h5: strings with a description, scalars, and n-dimensional datasets
// with unit, description and named dimensions (attribute `dimensions`: the names joined by
// commas; each axis attached to the group's scale of that name), chunked by replication and
// compressed when large, with checksums (dataset_plist).
void dataset_string(hid_t group, const std::string& name, const std::string& value);
// With `dims` (one name): a list along that dimension of the group, attached to its scale.
void dataset_strings(hid_t group, const std::string& name, const std::vector<std::string>& v,
                     const std::string& description, const std::vector<std::string>& dims = {});

template <typename T>
void attr_scalar(hid_t obj, const std::string& name, hid_t type, T value) {
  Id space(H5Screate(H5S_SCALAR), H5Sclose, "create scalar space");
  Id attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
          "create attribute " + name);
  check(H5Awrite(attr, type, &value), "write attribute " + name);
}

std::string join_dims(const std::vector<std::string>& dims);

// unit, description and named dimensions (attribute `dimensions`, axes attached to the
// group's scales) of the n-d dataset `ds`, `name` in `group` (dataset_nd and dataset_rows).
void describe_nd(hid_t group, hid_t ds, const std::string& name, const std::string& unit,
                 const std::string& description, const std::vector<std::string>& dim_names);
// An n-d dataset made empty, to be filled one replication (the first axis) at a time by
// write_row, as a run streams its replications: one replication per chunk, compressed, with
// checksums; described as dataset_nd describes.
void dataset_rows(hid_t group, const std::string& name, hid_t type,
                  const std::vector<hsize_t>& dims, const std::string& unit,
                  const std::string& description, const std::vector<std::string>& dim_names);
// Writes row `row` of the first axis (every value of the other axes, row-major; as many as
// they hold) of the dataset `name` of `group`.
void write_row(hid_t group, const std::string& name, hid_t type, hsize_t row, const void* data);
template <typename T>
void write_row(hid_t group, const std::string& name, hid_t type, hsize_t row,
               const std::vector<T>& data) {
  write_row(group, name, type, row, static_cast<const void*>(data.data()));
}
template <typename T>
void dataset_nd(hid_t group, const std::string& name, hid_t type, const std::vector<hsize_t>& dims,
                const std::vector<T>& data, const std::string& unit, const std::string& description,
                const std::vector<std::string>& dim_names) {
  hsize_t n = 1;
  for (auto d : dims) n *= d;
  if (n != data.size()) throw std::logic_error("HDF5: " + name + ": size does not match dims");
  check_scales(group, name, dim_names, dims);
  Id space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
           "create space");
  Id plist = dataset_plist(dims, data.size() >= 1024);
  Id ds(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, plist, H5P_DEFAULT), H5Dclose,
        "create dataset " + name);
  if (n > 0) check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), "write " + name);
  describe_nd(group, ds, name, unit, description, dim_names);
}

}  // namespace hwsim::h5
