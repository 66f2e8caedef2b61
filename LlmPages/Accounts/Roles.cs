namespace LlmPages.Accounts;

/// <summary>The two roles of LlmPages. Admins manage providers, models and users; everyone chats.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string User = "User";

    public static readonly IReadOnlyList<string> All = [Admin, User];
}
