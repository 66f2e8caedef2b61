using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Security;

/// <summary>
/// Security issue #12, finding 4: <c>password</c>, <c>12345678</c>, <c>aaaaaaaa</c> and the e-mail address itself
/// were accepted as passwords. Following NIST SP 800-63B: at least 8 characters, not one of the commonest passwords,
/// not a run of repeated or consecutive characters, not the person's own address or name; no composition rules.
/// </summary>
public sealed class WeakPasswordTests(AppFactory app) : IClassFixture<AppFactory>
{
    public static TheoryData<string, string> CommonPasswords => new()
    {
        { "password", "one of the most common" },
        { "12345678", "one of the most common" },
        { "Password1", "one of the most common" }, // case makes no difference
        { "qwertyuiop", "one of the most common" },
        { "aaaaaaaa", "repeated or consecutive characters" },
        { "abcdefghij", "repeated or consecutive characters" },
        { "98765432", "repeated or consecutive characters" },
        { "abcabcabcabc", "repeated or consecutive characters" },
    };

    [Theory]
    [MemberData(nameof(CommonPasswords))]
    public async Task ACommonOrRepetitivePasswordIsRefusedWithTheReasonAndWhatToDo(string password, string reason)
    {
        using var client = app.CreateHtmlClient();

        var page = await client.RegisterAsync(Infrastructure.Accounts.NewEmail("weak"), password: password);

        Assert.Equal("/account/register", page.Url.AbsolutePath);
        var message = page.Text("#Input_Password-error");
        Assert.Contains(reason, message);
        Assert.Contains("so it would be guessed quickly", message);
        Assert.Contains("a few unrelated words", message);
        Assert.NotNull(page.Find("[role=alert] a[href='#Input_Password']"));
    }

    [Fact]
    public async Task TheEmailAddressItsLocalPartOrTheDisplayNameIsRefusedAsAPassword()
    {
        var email = Infrastructure.Accounts.NewEmail("self");
        using var client = app.CreateHtmlClient();

        var asTheAddress = await client.RegisterAsync(email, "Marie Curie", password: email.ToUpperInvariant());
        var asTheLocalPart = await client.RegisterAsync(email, "Marie Curie", password: email.Split('@')[0]);
        var asTheName = await client.RegisterAsync(email, "Marie Curie-Sklodowska", password: "marie curie-sklodowska");

        foreach (var page in new[] { asTheAddress, asTheLocalPart, asTheName })
        {
            Assert.Equal("/account/register", page.Url.AbsolutePath);
            Assert.Contains("your e-mail address or your name", page.Text("#Input_Password-error"));
        }
    }

    [Fact]
    public async Task ALongPassphraseWithoutDigitsOrCapitalsIsAccepted()
    {
        using var client = app.CreateHtmlClient();

        var home = await client.RegisterAsync(Infrastructure.Accounts.NewEmail("phrase"), "Phrase Person", password: "orbit lantern mossy pickle");

        Assert.Equal("/", home.Url.AbsolutePath);
        Assert.Equal("Phrase Person", home.Text(".site-user__name"));
    }

    [Fact]
    public void AWeakAdminPasswordFromConfigurationStopsTheAppAtStartWithTheReason()
    {
        using var misconfigured = new AppFactory();
        misconfigured.Settings["LlmPages:Accounts:AdminEmail"] = "weak-admin@example.test";
        misconfigured.Settings["LlmPages:Accounts:AdminPassword"] = "password1";

        var error = Assert.ThrowsAny<Exception>(() => misconfigured.Server);

        Assert.Contains("one of the most common ones", error.ToString());
    }
}
