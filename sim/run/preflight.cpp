#include "run/preflight.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>

#include "core/error.hpp"
#include "startup/synthesis.hpp"

namespace hwsim {

void check_population(const Scenario& sc) { (void)fit_table(sc); }

MemoryEstimate estimate_memory(const Scenario& sc, int replications, int runs, int populations) {
  MemoryEstimate e;
  e.agents = sc.params.population.size;
  e.populations = populations;
  e.months_kept = static_cast<std::int64_t>(runs) * replications * sc.sim.months;
  e.bytes = kBytesFixed + kBytesPerAgent * e.agents * populations +
            kBytesPerMonthKept * static_cast<double>(e.months_kept);
  return e;
}

MemoryEstimate estimate_streamed_memory(const Scenario& sc, int replications, int processes) {
  MemoryEstimate e = estimate_memory(sc, 1, processes);
  e.streamed = replications;
  e.bytes += kBytesPerReplicationStreamed * replications;
  return e;
}

MemoryEstimate estimate_spilled_memory(const Scenario& sc, int replications, int runs,
                                       int populations) {
  MemoryEstimate e = estimate_memory(sc, 1, runs, populations);
  e.streamed = static_cast<std::int64_t>(replications) * runs;
  e.bytes += kBytesPerReplicationStreamed * static_cast<double>(e.streamed);
  return e;
}

double physical_memory() {
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return 0;
  return static_cast<double>(pages) * static_cast<double>(page);
}

std::string bytes_text(double bytes) {
  static constexpr const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};
  std::size_t u = 0;
  while (bytes >= 1024 && u + 1 < std::size(units)) {
    bytes /= 1024;
    ++u;
  }
  if (u == 0) return fmt::format("{:.0f} bytes", bytes);
  if (bytes < 10) return fmt::format("{:.1f} {}", bytes, units[u]);
  return fmt::format("{:.0f} {}", bytes, units[u]);
}

void check_memory(const Scenario& sc, const MemoryEstimate& e, double limit,
                  const std::string& limit_is) {
  if (e.bytes <= limit) return;
  const auto it = sc.provenance.find("population.size");
  const std::string file = it != sc.provenance.end() ? it->second.file : sc.path;
  const int line = it != sc.provenance.end() ? it->second.line : 0;
  // The option's value that would let this run go ahead, in whole GB rounded up.
  const double gb = std::ceil(e.bytes / (1024.0 * 1024 * 1024));
  throw InputError(
      file, line, 1, "population.size",
      fmt::format("the run would hold about {} of memory ({:.0f} agents{} at about {:.0f} bytes "
                  "each, {} months kept at about {}{}), more than {}; use fewer agents or "
                  "replications, or --max-memory {:.0f}G to run anyway",
                  bytes_text(e.bytes), e.agents,
                  e.populations > 1 ? fmt::format(" x {} at once", e.populations) : "",
                  kBytesPerAgent, e.months_kept, bytes_text(kBytesPerMonthKept),
                  e.streamed > 0 ? fmt::format(", {} replications streamed to disk at about {}",
                                               e.streamed, bytes_text(kBytesPerReplicationStreamed))
                                 : "",
                  limit_is, gb));
}

}  // namespace hwsim
