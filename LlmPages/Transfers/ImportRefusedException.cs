namespace LlmPages.Transfers;

/// <summary>A file that cannot be imported, with the reason in plain words for the person who chose it.</summary>
public sealed class ImportRefusedException(string message) : Exception(message)
{
    public const string NothingImported = "Nothing was imported.";
}
