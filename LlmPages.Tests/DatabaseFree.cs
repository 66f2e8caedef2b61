namespace LlmPages.Tests;

/// <summary>
/// The trait of test classes whose outcome cannot depend on the database engine (no app, or, for the HTML checker,
/// markup only): <c>./test.sh</c> runs them in the SQLite pass and leaves them out of the PostgreSQL one, to keep CI
/// within its time. A class that starts an app to test what it stores must not carry it.
/// </summary>
public static class DatabaseFree
{
    public const string Trait = "Database";
    public const string Value = "None";
}
