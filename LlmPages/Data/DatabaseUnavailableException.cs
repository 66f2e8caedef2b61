namespace LlmPages.Data;

/// <summary>The database could not be reached at start-up; the message says why and which setting to look at.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
