namespace LlmPages.Usage;

/// <summary>Requests, tokens, failures and estimated cost added up over some calls.</summary>
/// <param name="Cost">Null when no call had a price (unknown, not zero).</param>
public sealed record UsageTotals(int Requests, long PromptTokens, long CompletionTokens, int Failures, decimal? Cost)
{
    public static readonly UsageTotals Zero = new(0, 0, 0, 0, null);

    public long Tokens => PromptTokens + CompletionTokens;

    /// <summary>The share of calls that ended Failed or Interrupted, 0 to 1; null without calls.</summary>
    public double? ErrorRate => Requests == 0 ? null : (double)Failures / Requests;

    public UsageTotals Add(UsageTotals other) => new(
        Requests + other.Requests,
        PromptTokens + other.PromptTokens,
        CompletionTokens + other.CompletionTokens,
        Failures + other.Failures,
        Cost is null && other.Cost is null ? null : (Cost ?? 0) + (other.Cost ?? 0));

    public static UsageTotals Sum(IEnumerable<UsageTotals> totals) => totals.Aggregate(Zero, (a, b) => a.Add(b));
}
