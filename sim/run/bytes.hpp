// Plain values and vectors of them as bytes and back, for what the processes of a cluster send
// one another (run/cluster.hpp): they run the same build, so the layout is the same.
#pragma once
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace hwsim::bytes {

template <typename T>
void put(std::string& out, const T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <typename T>
void get(const std::string& in, std::size_t& pos, T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (pos + sizeof v > in.size()) throw std::runtime_error("a process sent a short message");
  std::memcpy(&v, in.data() + pos, sizeof v);
  pos += sizeof v;
}

template <typename T>
void put_vector(std::string& out, const std::vector<T>& v) {
  put(out, static_cast<std::uint64_t>(v.size()));
  for (const T& x : v) put(out, x);
}

template <typename T>
void get_vector(const std::string& in, std::size_t& pos, std::vector<T>& v) {
  std::uint64_t n = 0;
  get(in, pos, n);
  if (pos + n * sizeof(T) > in.size()) throw std::runtime_error("a process sent a short message");
  v.resize(n);
  for (T& x : v) get(in, pos, x);
}

}  // namespace hwsim::bytes
