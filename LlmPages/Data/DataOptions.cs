using System.ComponentModel.DataAnnotations;

namespace LlmPages.Data;

/// <summary>
/// Where the app keeps its files: the SQLite database, and (for other features) Data Protection keys and
/// Hangfire's database. Section <c>LlmPages:Data</c>; env var <c>LlmPages__Data__DataFolder</c>.
/// </summary>
public sealed class DataOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "LlmPages:Data";

    /// <summary>
    /// The data folder. A relative path is resolved against the content root; once the options are read it
    /// holds the full path, and the folder exists.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string DataFolder { get; set; } = "data";

    /// <summary>Makes <see cref="DataFolder"/> a full path (relative ones against the content root) and creates the folder.</summary>
    internal void Resolve(string contentRootPath)
    {
        if (string.IsNullOrWhiteSpace(DataFolder))
        {
            return; // left for validation to report
        }

        DataFolder = Path.GetFullPath(DataFolder, contentRootPath);
        Directory.CreateDirectory(DataFolder);
    }
}
