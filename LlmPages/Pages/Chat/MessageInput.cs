using System.ComponentModel.DataAnnotations;

namespace LlmPages.Pages.Chat;

/// <summary>The composer's message.</summary>
public sealed class MessageInput
{
    [Display(Name = "Message")]
    public string? Text { get; set; }

    /// <summary>Chosen when the composer is shown, so posting the same form twice sends one message.</summary>
    public Guid? ClientId { get; set; }
}
