// Reports from storage sums (see dashboard_query.h).

#include "monitor/dashboard_query.h"

#include <chrono>

#include "text/time.h"

namespace amtsweg::monitor {
namespace {

using storage::UsageGroup;

template <typename T>
bool Take(storage::Result<T>&& result, T& into, storage::Error& error) {
  if (!result) {
    error = result.error();
    return false;
  }
  into = std::move(*result);
  return true;
}

}  // namespace

std::pair<std::int64_t, std::int64_t> WholeMonths(std::int64_t from_day, std::int64_t to_day) {
  using namespace std::chrono;
  const year_month_day first{sys_days{days{from_day}}};
  const year_month_day last{sys_days{days{to_day}}};
  const sys_days begin{first.year() / first.month() / 1};
  const sys_days end{last.year() / last.month() / std::chrono::last};
  return {begin.time_since_epoch().count(), end.time_since_epoch().count()};
}

storage::Result<Report> QueryServiceReport(storage::Storage& storage, std::string_view ags,
                                           const process::Definition& definition, const ViewFilter& filter) {
  const auto usage = ToUsageFilter(filter, {std::string(ags)}, definition.id);
  ServiceInputs in;
  in.definition = &definition;
  in.from_day = filter.from_day;
  in.to_day = filter.to_day;
  storage::Error error;
  if (!Take(storage.SumUsage(usage, {}), in.totals, error) ||
      !Take(storage.SumUsage(usage, {UsageGroup::kDevice}), in.by_device, error) ||
      !Take(storage.SumUsage(usage, {UsageGroup::kWeek}), in.by_week, error) ||
      !Take(storage.SumUsagePages(usage, false), in.pages, error) ||
      !Take(storage.SumUsageFields(usage, false), in.fields, error) ||
      !Take(storage.SumUsageDurations(usage, storage::UsageDurationGroup::kNone), in.durations, error)) {
    return tl::unexpected(error);
  }
  return BuildServiceReport(in);
}

storage::Result<Report> QueryMunicipalityReport(storage::Storage& storage, std::string_view ags,
                                                std::vector<ServiceRef> services, const ViewFilter& filter) {
  MunicipalityInputs in;
  in.services = std::move(services);
  storage::Error error;
  const auto usage = ToUsageFilter(filter, {std::string(ags)}, std::nullopt);
  if (!Take(storage.SumUsage(usage, {UsageGroup::kProcess}), in.by_process, error))
    return tl::unexpected(error);
  const auto [first_day, last_day] = WholeMonths(filter.from_day, filter.to_day);
  storage::UsageFilter months;
  months.ags = {std::string(ags)};
  months.from_day = first_day;
  months.to_day = last_day;
  if (!Take(storage.SumUsage(months, {UsageGroup::kProcess, UsageGroup::kMonth}), in.by_process_month,
            error) ||
      !Take(storage.ListPaperCounts({std::string(ags)}, text::MonthOfDay(first_day),
                                    text::MonthOfDay(last_day)),
            in.paper, error)) {
    return tl::unexpected(error);
  }
  return BuildMunicipalityReport(in);
}

storage::Result<Report> QueryOverviewReport(storage::Storage& storage,
                                            std::vector<MunicipalityRef> municipalities,
                                            std::vector<std::string> ags_filter, const ViewFilter& filter) {
  auto sums =
      storage.SumUsage(ToUsageFilter(filter, std::move(ags_filter), std::nullopt), {UsageGroup::kAgs});
  if (!sums) return tl::unexpected(sums.error());
  return BuildOverviewReport(municipalities, *sums);
}

storage::Result<Report> QueryComparisonReport(
    storage::Storage& storage, std::string_view process,
    std::vector<std::pair<MunicipalityRef, const process::Definition*>> municipalities,
    const ViewFilter& filter) {
  std::vector<std::string> ags;
  for (const auto& [m, definition] : municipalities) ags.push_back(m.ags);
  ComparisonInputs in;
  in.municipalities = std::move(municipalities);
  if (ags.empty()) return BuildComparisonReport(in);
  const auto usage = ToUsageFilter(filter, std::move(ags), std::string(process));
  storage::Error error;
  if (!Take(storage.SumUsage(usage, {UsageGroup::kAgs}), in.by_ags, error) ||
      !Take(storage.SumUsageDurations(usage, storage::UsageDurationGroup::kAgs), in.durations, error) ||
      !Take(storage.SumUsageFields(usage, true), in.fields, error)) {
    return tl::unexpected(error);
  }
  return BuildComparisonReport(in);
}

}  // namespace amtsweg::monitor
