using System.Diagnostics.Metrics;
using LlmPages.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LlmPages.Tests.Security;

/// <summary>
/// Security issue #12, finding 2: ten wrong passwords sent at once were all checked, the failure count ended at 3,
/// and the right password then signed in (rounds of them allowed 17 guesses). However many arrive together, only
/// the configured number of guesses may be checked before the account locks.
/// </summary>
public sealed class LockoutRaceTests : IDisposable
{
    private const int AtOnce = 20;
    private const int MaxFailedAttempts = 5; // the default of LlmPages:Accounts:MaxFailedAttempts

    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly AppFactory app;

    public LockoutRaceTests() => app = new AppFactory { Clock = clock };

    [Fact]
    public async Task WrongPasswordsSentAllAtOnceLockTheAccountAfterTheConfiguredNumberOfGuesses()
    {
        var email = Infrastructure.Accounts.NewEmail("raced");
        using (var owner = app.CreateHtmlClient())
        {
            await owner.RegisterAsync(email);
        }

        using var checkedPasswords = new WrongPasswordCounter(app.Services.GetRequiredService<IMeterFactory>());
        using var attacker = app.CreateHtmlClient();
        await GuessAllAtOnceAsync(attacker, email);
        var withTheRightPassword = await attacker.LoginAsync(email);

        Assert.Equal("/account/login", withTheRightPassword.Url.AbsolutePath);
        Assert.Null(withTheRightPassword.Find(".site-user__name"));
        Assert.Equal(MaxFailedAttempts, checkedPasswords.Count);

        // When the lockout is over, the next burst gets the same number of guesses again, no more.
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await GuessAllAtOnceAsync(attacker, email);
        var afterTheSecondBurst = await attacker.LoginAsync(email);

        Assert.Equal(2 * MaxFailedAttempts, checkedPasswords.Count);
        Assert.Null(afterTheSecondBurst.Find(".site-user__name"));
    }

    private static async Task GuessAllAtOnceAsync(HtmlClient attacker, string email)
    {
        var form = await attacker.GetAsync("/account/login");
        var guesses = Enumerable.Range(1, AtOnce).Select(i => attacker.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = $"wrong guess number {i}",
        }));
        foreach (var page in await Task.WhenAll(guesses))
        {
            Assert.Null(page.Find(".site-user__name"));
        }
    }

    /// <summary>
    /// Counts the passwords Identity compared with an account's and found wrong, from its own metric
    /// (<c>aspnetcore.identity.user.check_password_attempts</c>), in this app only.
    /// </summary>
    private sealed class WrongPasswordCounter : IDisposable
    {
        private readonly MeterListener listener = new();
        private int count;

        public WrongPasswordCounter(IMeterFactory appMeters)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == appMeters && instrument.Name == "aspnetcore.identity.user.check_password_attempts")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "aspnetcore.identity.password_check_result", Value: "failure" })
                    {
                        Interlocked.Add(ref count, (int)value);
                    }
                }
            });
            listener.Start();
        }

        public int Count => Volatile.Read(ref count);

        public void Dispose() => listener.Dispose();
    }

    public void Dispose() => app.Dispose();
}
