using System.ComponentModel.DataAnnotations;

namespace LlmPages.Llm;

/// <summary>How long the app waits for model servers, bound from <c>LlmPages:Llm</c>.</summary>
public sealed class LlmOptions
{
    public const string Section = "LlmPages:Llm";

    /// <summary>
    /// How long a streamed reply may take to produce its first piece. Generous: a local server may first have
    /// to load the model into memory.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "FirstTokenTimeout must be between 10 ms and 1 hour.")]
    public TimeSpan FirstTokenTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a streamed reply may go silent between two pieces before it counts as stuck.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "IdleTimeout must be between 10 ms and 1 hour.")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole of a request that does not stream: a non-streamed reply, "Test connection", "Discover models".</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "RequestTimeout must be between 10 ms and 1 hour.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
