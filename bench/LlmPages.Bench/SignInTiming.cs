using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace LlmPages.Bench;

/// <summary>
/// How long the sign-in form takes to refuse a wrong password for an address with an account, for an address without
/// one, and for a locked account. They must take the same time (medians within 10 ms), or the time would tell who
/// has an account, which the words no longer do (security issue #12, finding 3). The three kinds are interleaved,
/// so that a busy moment of the machine falls on all of them alike.
/// </summary>
public static partial class SignInTiming
{
    private const string Password = "bench timing passphrase";
    private const int WrongPerAccount = 4; // one fewer than the default lockout, so these accounts never lock

    public static async Task<List<(string Measure, string Result, string Target)>> MeasureAsync(Uri address, int samples)
    {
        var accounts = new List<string>();
        for (var i = 0; i < samples / WrongPerAccount + 2; i++)
        {
            accounts.Add(await RegisterAsync(address, $"timing-{i}-{Guid.NewGuid():N}@example.test"));
        }
        var locked = await RegisterAsync(address, $"timing-locked-{Guid.NewGuid():N}@example.test");

        using var http = NewClient(address);
        var token = Token(await http.GetStringAsync("/account/login"));
        for (var i = 0; i < 5; i++)
        {
            await TimeAsync(http, token, locked, $"locking guess {i}");
        }

        var known = new List<double>();
        var unknown = new List<double>();
        var lockedOut = new List<double>();
        const int warm = 3; // the first calls pay for JIT
        for (var i = 0; i < samples + warm; i++)
        {
            var account = accounts[i / WrongPerAccount];
            var (k, u, l) = (
                await TimeAsync(http, token, account, $"wrong {i}"),
                await TimeAsync(http, token, $"nobody-{Guid.NewGuid():N}@example.test", $"wrong {i}"),
                await TimeAsync(http, token, locked, $"wrong {i}"));
            if (i >= warm)
            {
                known.Add(k);
                unknown.Add(u);
                lockedOut.Add(l);
            }
        }

        var medians = new[] { known, unknown, lockedOut }.Select(s => Stats.Percentile(s, 50)).ToArray();
        return
        [
            ($"Sign-in refusing a wrong password: address with an account / without one / locked account (median of {samples})",
                string.Join(" / ", medians.Select(Stats.Ms)), ""),
            ("Sign-in refusals: largest difference between those medians", Stats.Ms(medians.Max() - medians.Min()), "<= 10 ms"),
        ];
    }

    private static async Task<double> TimeAsync(HttpClient http, string token, string email, string password)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        var html = await response.Content.ReadAsStringAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!html.Contains("The e-mail address or password is not right.", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The sign-in form did not refuse {email} as expected ({response.StatusCode}).");
        }
        return elapsed;
    }

    private static async Task<string> RegisterAsync(Uri address, string email)
    {
        using var http = NewClient(address);
        var token = Token(await http.GetStringAsync("/account/register"));
        using var response = await http.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Timing Person",
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
            ["__RequestVerificationToken"] = token,
        }));
        response.EnsureSuccessStatusCode();
        return email;
    }

    private static HttpClient NewClient(Uri address) =>
        new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = true }) { BaseAddress = address };

    private static string Token(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
