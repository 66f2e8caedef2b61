using System.ComponentModel.DataAnnotations;

namespace LlmPages.Transfers;

/// <summary>Exports and imports of chats, bound from <c>LlmPages:Transfers</c>.</summary>
public sealed class TransferOptions
{
    public const string Section = "LlmPages:Transfers";

    /// <summary>How long an export can be downloaded (and an import's page read) before its file and row are deleted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "LlmPages:Transfers:Lifetime must be between 1 minute and 30 days.")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The largest file an import accepts, in bytes (default 200 MB). Only the import's upload has this limit; every
    /// other request keeps <c>LlmPages:Web:MaxRequestBodyBytes</c>.
    /// </summary>
    [Range(64 * 1024, 20L * 1024 * 1024 * 1024, ErrorMessage = "LlmPages:Transfers:MaxImportBytes must be between 64 KB and 20 GB.")]
    public long MaxImportBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>How often expired exports and imports are removed (a cron expression; default every hour).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "LlmPages:Transfers:CleanupCron must be a cron expression.")]
    public string CleanupCron { get; set; } = "17 * * * *";
}
