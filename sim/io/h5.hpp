// Small typed helpers over the HDF5 C API for writing and reading the calibration's files
// (posterior.h5, checkpoint.h5): RAII identifiers, attributes, numeric and string datasets.
// Every failure throws std::runtime_error naming what could not be done.
#pragma once
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hwsim::h5 {

// An HDF5 identifier, closed when it goes.
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

// A scalar variable-length UTF-8 string, and a 1-d array of fixed-length strings.
void write_string(hid_t group, const std::string& name, const std::string& value);
std::string read_string(hid_t group, const std::string& name);
void write_strings(hid_t group, const std::string& name, const std::vector<std::string>& v,
                   const std::string& description = "");
std::vector<std::string> read_strings(hid_t group, const std::string& name);

}  // namespace hwsim::h5
