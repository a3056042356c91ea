#pragma once
// The dashboards' reports read from storage: each function asks storage for the rollup sums a
// view needs (never raw events) and hands them to the pure builders of dashboard.h.
//
//   auto report = QueryServiceReport(storage, "08111000", *service->definition, filter);
//   if (!report) answer 503;  // storage failed
//
// The online share against paper counts covers the whole calendar months the period touches and
// every online submission of them (no version or device filter: paper has neither).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "monitor/dashboard.h"
#include "storage/storage.h"

namespace amtsweg::monitor {

[[nodiscard]] storage::Result<Report> QueryServiceReport(storage::Storage& storage, std::string_view ags,
                                                         const process::Definition& definition,
                                                         const ViewFilter& filter);

[[nodiscard]] storage::Result<Report> QueryMunicipalityReport(storage::Storage& storage, std::string_view ags,
                                                              std::vector<ServiceRef> services,
                                                              const ViewFilter& filter);

// `ags_filter` empty = every municipality (the "all" scope), else the scope's municipalities.
[[nodiscard]] storage::Result<Report> QueryOverviewReport(storage::Storage& storage,
                                                          std::vector<MunicipalityRef> municipalities,
                                                          std::vector<std::string> ags_filter,
                                                          const ViewFilter& filter);

[[nodiscard]] storage::Result<Report> QueryComparisonReport(
    storage::Storage& storage, std::string_view process,
    std::vector<std::pair<MunicipalityRef, const process::Definition*>> municipalities,
    const ViewFilter& filter);

// The first and last day of the calendar months that [from_day, to_day] touches.
[[nodiscard]] std::pair<std::int64_t, std::int64_t> WholeMonths(std::int64_t from_day, std::int64_t to_day);

}  // namespace amtsweg::monitor
