#include "run/replications.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "run/preflight.hpp"

namespace hwsim {

namespace {

std::runtime_error spill_error(const std::string& folder, const std::string& what, int err) {
  return std::runtime_error(fmt::format("could not keep the replications in a file in {} ({}): {}",
                                        folder, what, std::strerror(err)));
}

// An unnamed file in `folder` (O_TMPFILE), or, where the file system cannot make one, a named
// one removed at once.
int unnamed_file(const std::string& folder) {
  int fd = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  if (const int err = errno; err != EOPNOTSUPP && err != EISDIR && err != EINVAL)
    throw spill_error(folder, "opening", err);
  std::string name = folder + "/.hwsim-replications-XXXXXX";
  fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    throw spill_error(folder, "opening", err);
  }
  ::unlink(name.c_str());
  return fd;
}

}  // namespace

Replications::~Replications() { release(); }

Replications::Replications(Replications&& o)
    : kept_(std::move(o.kept_)),
      balances_(std::move(o.balances_)),
      fd_(std::exchange(o.fd_, -1)),
      map_(std::exchange(o.map_, nullptr)),
      capacity_(std::exchange(o.capacity_, 0)),
      used_(std::exchange(o.used_, 0)),
      first_(std::move(o.first_)),
      count_(std::move(o.count_)),
      folder_(std::move(o.folder_)) {}

Replications& Replications::operator=(Replications&& o) {
  if (this != &o) {
    release();
    kept_ = std::move(o.kept_);
    balances_ = std::move(o.balances_);
    fd_ = std::exchange(o.fd_, -1);
    map_ = std::exchange(o.map_, nullptr);
    capacity_ = std::exchange(o.capacity_, 0);
    used_ = std::exchange(o.used_, 0);
    first_ = std::move(o.first_);
    count_ = std::move(o.count_);
    folder_ = std::move(o.folder_);
  }
  return *this;
}

void Replications::release() noexcept {
  if (map_) ::munmap(const_cast<MonthRecord*>(map_), capacity_ * sizeof(MonthRecord));
  if (fd_ >= 0) ::close(fd_);
  map_ = nullptr;
  fd_ = -1;
}

void Replications::spill_to(const std::string& folder, std::size_t replications,
                            std::size_t months) {
  if (!empty() || spilled())
    throw std::logic_error("Replications::spill_to: only an empty store can be spilled");
  const std::size_t records = replications * months;
  if (records == 0) return;
  const int fd = unnamed_file(folder);
  const std::size_t bytes = records * sizeof(MonthRecord);
  // Room for every month before the run: a full disk is said now, not after hours of work
  // (a file system that copies on write can still run out later; a write then fails with
  // one line, below). A signal (Ctrl-C) can interrupt the reservation; it is made again and
  // the stop is seen at the next safe point.
  int err = 0;
  do {
    err = ::posix_fallocate(fd, 0, static_cast<off_t>(bytes));
  } while (err == EINTR);
  if (err != 0) {
    ::close(fd);
    throw spill_error(folder,
                      fmt::format("reserving {} for {} replications of {} months",
                                  bytes_text(static_cast<double>(bytes)), replications, months),
                      err);
  }
  void* map = ::mmap(nullptr, bytes, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) {
    err = errno;
    ::close(fd);
    throw spill_error(folder, "mapping", err);
  }
  fd_ = fd;
  map_ = static_cast<const MonthRecord*>(map);
  capacity_ = records;
  used_ = 0;
  folder_ = folder;
}

void Replications::reserve(std::size_t n) {
  if (!spilled()) kept_.reserve(n);
  first_.reserve(n);
  count_.reserve(n);
}

void Replications::append_months(const std::vector<MonthRecord>& months) {
  if (used_ + months.size() > capacity_)
    throw std::logic_error(fmt::format(
        "Replications: more months than the {} reserved for the replications", capacity_));
  const auto* data = reinterpret_cast<const char*>(months.data());
  std::size_t left = months.size() * sizeof(MonthRecord);
  auto at = static_cast<off_t>(used_ * sizeof(MonthRecord));
  while (left > 0) {
    const ssize_t n = ::pwrite(fd_, data, left, at);
    if (n < 0) {
      const int err = errno;
      if (err == EINTR) continue;
      throw spill_error(folder_, "writing", err);
    }
    if (n == 0) throw spill_error(folder_, "writing", EIO);
    data += n;
    at += n;
    left -= static_cast<std::size_t>(n);
  }
  first_.push_back(used_);
  count_.push_back(months.size());
  used_ += months.size();
}

// The balance first: when the months cannot be kept it is taken back, so every replication
// kept has both.
void Replications::push_back(ReplicationResult r) {
  balances_.push_back(std::move(r.balance));
  try {
    if (spilled())
      append_months(r.months);
    else
      kept_.push_back(std::move(r.months));
  } catch (...) {
    balances_.pop_back();
    throw;
  }
}

const MonthRecord& ReplicationView::at(std::size_t m) const {
  if (m >= months.size())
    throw std::out_of_range(fmt::format("month {} of a run of {} months", m, months.size()));
  return months[m];
}

ReplicationView Replications::operator[](std::size_t k) const {
  if (spilled()) return {std::span<const MonthRecord>(map_ + first_[k], count_[k]), balances_[k]};
  return {std::span<const MonthRecord>(kept_[k]), balances_[k]};
}

}  // namespace hwsim
