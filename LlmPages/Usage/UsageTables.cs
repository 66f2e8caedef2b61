namespace LlmPages.Usage;

/// <summary>The usage page's tables (per day, per model, per person) and the performance table, from the reports.</summary>
public static class UsageTables
{
    public const string Days = "days";
    public const string Models = "models";
    public const string People = "people";
    public const string Performance = "performance";

    public static UsageTable ForDays(UsageReports.Report report) => new(
        Days, "Usage per day", ["Day", .. UsageTable.UsageColumns],
        [.. report.Days.Select(d => Row([UsageTable.Cell.Label(UsageRange.Text(d.Day))], d.Totals))]);

    public static UsageTable ForModels(UsageReports.Report report) => new(
        Models, "Usage per model", ["Model", .. UsageTable.UsageColumns],
        [.. report.Models.Select(m => Row([UsageTable.Cell.Label(m.Name)], m.Totals))]);

    public static UsageTable ForPeople(IEnumerable<UsageReports.NamedTotals> people) => new(
        People, "Usage per person", ["Person", "Email", .. UsageTable.UsageColumns],
        [.. people.Select(p => Row([UsageTable.Cell.Label(p.Name), UsageTable.Cell.Label(p.Detail ?? "")], p.Totals))]);

    public static UsageTable ForPerformance(IEnumerable<UsageReports.PerformanceRow> rows) => new(
        Performance, "Performance per model and day",
        ["Day", "Model", "Requests", "Error rate (%)", "Timed requests", "First token p50 (ms)", "First token p95 (ms)", "Tokens per second"],
        [.. rows.Select(r => (IReadOnlyList<UsageTable.Cell>)
        [
            UsageTable.Cell.Label(UsageRange.Text(r.Day)), UsageTable.Cell.Label(r.Model), UsageTable.Cell.Count(r.Requests),
            UsageTable.Cell.Percent(r.ErrorRate), UsageTable.Cell.Count(r.TimedRequests), UsageTable.Cell.Decimal(r.FirstTokenP50Ms),
            UsageTable.Cell.Decimal(r.FirstTokenP95Ms), UsageTable.Cell.Decimal(r.TokensPerSecond),
        ])]);

    private static IReadOnlyList<UsageTable.Cell> Row(IReadOnlyList<UsageTable.Cell> first, UsageTotals totals) => [.. first, .. UsageTable.UsageCells(totals)];
}
