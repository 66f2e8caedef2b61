using LlmPages.Data.Entities;

namespace LlmPages.Admin;

/// <summary>
/// A provider's last health check as the pages show it (Pages/Admin/Providers/_Health.cshtml). <see cref="Message"/>
/// is set right after a test and says more than the saved fields can (e.g. the model count).
/// </summary>
public sealed record HealthView(ProviderHealthStatus Status, DateTime? CheckedAt, int? LatencyMs, string? Error, string? Message = null);
