using System.Collections.Frozen;
using LlmPages.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace LlmPages.Accounts;

/// <summary>
/// What a password must be, after NIST SP 800-63B: at least <see cref="MinLength"/> characters (and at most
/// <see cref="MaxLength"/>), not one of the commonest passwords, not a run of repeated or consecutive characters,
/// and not the person's own e-mail address or name. No rules about digits, capitals or symbols: they make
/// passwords harder to remember, not to guess.
/// </summary>
/// <remarks>
/// It is Identity's only password validator (Identity's own, with its composition rules, is removed), so every
/// place that sets a password, through <see cref="UserManager{TUser}"/>, applies it: registration, the admin
/// created at start-up, and later password changes and admin-created accounts. The first rule broken is the one
/// reported, with what to do instead.
/// </remarks>
public sealed class PasswordPolicy : IPasswordValidator<AppUser>
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    private const string Instead = "Choose a longer phrase of a few unrelated words.";

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(Problem(user, password ?? "") is { } error ? IdentityResult.Failed(error) : IdentityResult.Success);

    private static IdentityError? Problem(AppUser user, string password)
    {
        if (password.EnumerateRunes().Count() < MinLength) // characters, not UTF-16 units: "é" or "😀" is one
        {
            return Error("PasswordTooShort", $"A password needs at least {MinLength} characters. {Instead}");
        }
        if (password.Length > MaxLength)
        {
            return Error("PasswordTooLong", $"A password can have at most {MaxLength} characters.");
        }
        if (IsAboutThePerson(user, password))
        {
            return Error("PasswordPersonal", $"This password is your e-mail address or your name, which others know or can find out, so it would be guessed quickly. {Instead}");
        }
        if (CommonPasswords.Contains(password))
        {
            return Error("PasswordCommon", $"This password is one of the most common ones, so it would be guessed quickly. {Instead}");
        }
        if (IsRepetitive(password))
        {
            return Error("PasswordRepetitive", $"This password is a run of repeated or consecutive characters (like aaaaaaaa or 12345678), so it would be guessed quickly. {Instead}");
        }
        return null;
    }

    /// <summary>The password is the e-mail address, its part before the @, or the display name, ignoring case and spaces.</summary>
    private static bool IsAboutThePerson(AppUser user, string password)
    {
        var candidate = Simplified(password);
        var email = user.Email ?? user.UserName ?? "";
        string[] known = [email, email.Split('@')[0], user.UserName ?? "", user.DisplayName];
        return known.Any(k => k.Length > 0 && Simplified(k) == candidate);
    }

    private static string Simplified(string text) =>
        string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    /// <summary>
    /// The commonest passwords miss these (the list they come from leaves out what a pattern already finds): one
    /// short group repeated (<c>aaaaaaaa</c>, <c>abcabcabc</c>), or each character one after the last (<c>abcdefgh</c>,
    /// <c>98765432</c>).
    /// </summary>
    private static bool IsRepetitive(string password)
    {
        var text = password.ToUpperInvariant();
        for (var period = 1; period <= 3; period++)
        {
            if (text.Length >= 2 * period && Enumerable.Range(period, text.Length - period).All(i => text[i] == text[i - period]))
            {
                return true;
            }
        }
        var step = text[1] - text[0];
        return Math.Abs(step) == 1 && Enumerable.Range(1, text.Length - 1).All(i => text[i] - text[i - 1] == step);
    }

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };

    /// <summary>
    /// The 10,000 commonest passwords of 8 characters or more, lower-cased, from zxcvbn's frequency list
    /// (github.com/dropbox/zxcvbn, <c>data/passwords.txt</c>, MIT licence; counted from Mark Burnett's ten million
    /// leaked passwords). Made with
    /// <c>awk 'length($1)>=8 {print tolower($1)}' passwords.txt | awk '!seen[$0]++' | head -10000</c>.
    /// Shipped in the assembly, so the check works offline; read once, when first needed (about 90 KB, a few ms).
    /// </summary>
    private static FrozenSet<string> CommonPasswords => Common.Value;

    private static readonly Lazy<FrozenSet<string>> Common = new(() =>
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("LlmPages.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("The list of common passwords is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var words = new List<string>(10_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                words.Add(line);
            }
        }
        return words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    });
}
