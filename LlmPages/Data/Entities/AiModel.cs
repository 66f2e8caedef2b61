namespace LlmPages.Data.Entities;

/// <summary>A model a provider serves, as offered to users, with its limits and optional prices.</summary>
public class AiModel
{
    /// <summary>The key.</summary>
    public int Id { get; set; }

    /// <summary>The provider that serves the model.</summary>
    public int ProviderId { get; set; }

    /// <summary>The provider that serves the model.</summary>
    public AiProvider Provider { get; set; } = null!;

    /// <summary>The id sent to the provider (e.g. <c>gpt-4o-mini</c>); unique per provider.</summary>
    public required string WireModelId { get; set; }

    /// <summary>The name users see (not unique: two providers may serve "GPT-4o").</summary>
    public required string DisplayName
    {
        get;
        set
        {
            field = value;
            DisplayNameKey = NameKeys.Of(value);
        }
    }

    /// <summary>
    /// The display name as lists sort it (<see cref="NameKeys"/>), set with the name. Null only on a row from before
    /// keys existed, until the next start fills it in.
    /// </summary>
    public string? DisplayNameKey { get; private set; }

    /// <summary>How many tokens the model reads at most (prompt and reply); used to trim history.</summary>
    public int ContextWindow { get; set; }

    /// <summary>The longest reply the model can write, in tokens.</summary>
    public int MaxOutputTokens { get; set; }

    /// <summary>Inactive models cannot be chosen for new messages; old chats keep their name.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>The model new chats use when the user has chosen none. At most one model is the default.</summary>
    public bool IsDefault { get; set; }

    /// <summary>Price per million prompt tokens, for cost estimates; null when unknown or free.</summary>
    public decimal? InputPricePerMillion { get; set; }

    /// <summary>Price per million completion tokens, for cost estimates; null when unknown or free.</summary>
    public decimal? OutputPricePerMillion { get; set; }

    /// <summary>When the model was added (UTC).</summary>
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>When the model was last edited (UTC).</summary>
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}
