// The finance files (issue: finance, point 4): the /finance group of a comparison's result.h5,
// finance.csv (one row per partner and measure), cashflow.csv (one row per partner, line and
// financial year), the reading of /finance back for `hwsim finance DIR`, and /finance/ledger of
// a single run.
#pragma once
#include <hdf5.h>

#include <string>
#include <vector>

#include "compare/finance.hpp"
#include "io/result_writer.hpp"

namespace hwsim {

void write_finance_h5(hid_t file, const Paired& p, const FinanceResult& f);
void write_finance_csv(const std::string& path, const FinanceResult& f);
// cashflow.csv: per partner, ledger line and financial year, the flow, discount factor and
// present value (mean and 5-95% band).
void write_cashflow_csv(const std::string& path, const FinanceResult& f);
// Reads /finance of a comparison's result.h5 back (throws with the file's name).
FinanceResult read_finance(const std::string& result_h5);

// /finance of a single run, made before its replications: each partner's ledger lines month by
// month (/finance/ledger), filled one replication at a time by write_ledger_row.
void create_ledger_h5(hid_t file, const Scenario& sc, hsize_t replications);
void write_ledger_row(hid_t file, std::uint32_t replication, ReplicationView r);

}  // namespace hwsim
