// What a run keeps of its replications for the analysis after it (RunResult::reps): each
// replication's months (stocks, flows and accounts) and its start-up balance, in replication
// order. Kept in memory by default. Spilled (spill_to), each replication's months go to an
// unnamed file in a given folder as the replication is added and are read back through a
// read-only shared mapping: the pages are the file's, which the kernel writes out and drops
// when memory is wanted, so what a comparison of many replications holds in memory of its own
// does not grow with the replications (about 760 kB a replication would otherwise). The file
// has no name, so it goes when the result does or with the process, however that ends.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include "finance/ledger.hpp"
#include "model/tally.hpp"
#include "startup/equilibrium.hpp"

namespace hwsim {

// Money of the month (MODEL.md section 6): residents' pay and the tax on it, and each
// partner's ledger, posted by the accounting step at the end of the month.
struct Accounts {
  PaySums pay;    // pence, 2014/15 prices
  Ledger ledger;  // pounds at the prices of the price base year
};

struct MonthRecord {
  Stocks stocks;  // at the end of the month
  Tally tally;    // flows during the month (zero at month 0)
  Accounts accounts;
};

struct ReplicationResult {
  std::vector<MonthRecord> months;
  Balance balance;
};

// A kept replication as its readers see it. Valid while the Replications it came from lives
// (adding more replications leaves it valid).
struct ReplicationView {
  std::span<const MonthRecord> months;
  const Balance& balance;
  ReplicationView(std::span<const MonthRecord> m, const Balance& b) : months(m), balance(b) {}
  ReplicationView(const ReplicationResult& r)  // NOLINT: a result is a view of itself
      : months(r.months), balance(r.balance) {}
  ReplicationView(ReplicationResult&&) = delete;  // a view of a temporary would dangle
  // Month m, or std::out_of_range past the replication's last month.
  const MonthRecord& at(std::size_t m) const;
};

class Replications {
 public:
  Replications() = default;
  ~Replications();
  Replications(Replications&& other);
  Replications& operator=(Replications&& other);
  Replications(const Replications&) = delete;
  Replications& operator=(const Replications&) = delete;

  // From now on, replications go to an unnamed file in `folder`, with room reserved for
  // `replications` of `months` months each (about 6.7 kB a month): a folder without that
  // room, or one that cannot hold a file, is an error here, before any work. Only while
  // empty. (A folder on tmpfs holds the file in memory: nothing is saved there.)
  void spill_to(const std::string& folder, std::size_t replications, std::size_t months);
  bool spilled() const { return fd_ >= 0; }
  // Bytes of months this store reserved on disk (0 when kept in memory).
  std::size_t reserved_bytes() const { return capacity_ * sizeof(MonthRecord); }

  void reserve(std::size_t n);
  // Taken by value: a result moved in is written (spilled) or kept without a copy.
  void push_back(ReplicationResult r);

  std::size_t size() const { return balances_.size(); }
  bool empty() const { return balances_.empty(); }
  ReplicationView operator[](std::size_t k) const;
  ReplicationView front() const { return (*this)[0]; }

  class const_iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = ReplicationView;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = ReplicationView;
    const_iterator(const Replications* r, std::size_t k) : r_(r), k_(k) {}
    ReplicationView operator*() const { return (*r_)[k_]; }
    const_iterator& operator++() {
      ++k_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator old = *this;
      ++k_;
      return old;
    }
    bool operator==(const const_iterator& o) const { return k_ == o.k_; }

   private:
    const Replications* r_;
    std::size_t k_;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }

 private:
  void append_months(const std::vector<MonthRecord>& months);
  void release() noexcept;

  // In memory: each replication's months (a moved vector keeps its buffer, so views stay
  // valid as more are added).
  std::vector<std::vector<MonthRecord>> kept_;
  std::deque<Balance> balances_;  // either way (a deque keeps references as it grows)
  // Spilled: the file, its mapping, and where each replication's months begin in it.
  int fd_ = -1;
  const MonthRecord* map_ = nullptr;
  std::size_t capacity_ = 0, used_ = 0;  // months
  std::vector<std::size_t> first_, count_;
  std::string folder_;
};

}  // namespace hwsim
