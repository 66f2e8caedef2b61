using LlmPages.Accounts;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LlmPages.Tests.Accounts;

/// <summary>
/// The server-side sessions' API that "sign out everywhere" and a password change use, driven with real sign-ins
/// through the forms; the clock moves between sign-ins so each device's session can be told apart by its start.
/// </summary>
public sealed class SessionRegistryTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly AppFactory app;

    public SessionRegistryTests() => app = new AppFactory { Clock = clock };

    [Fact]
    public async Task SigningOutEverywhereButHereEndsThePersonsOtherSessionsAndKeepsThisOne()
    {
        var email = Infrastructure.Accounts.NewEmail("everywhere");
        using var laptop = app.CreateHtmlClient();
        await laptop.RegisterAsync(email);
        clock.Advance(TimeSpan.FromMinutes(1));
        using var phone = app.CreateHtmlClient();
        await phone.LoginAsync(email);
        clock.Advance(TimeSpan.FromMinutes(1));
        using var tablet = app.CreateHtmlClient();
        await tablet.LoginAsync(email);
        using var someoneElse = app.CreateHtmlClient();
        await someoneElse.RegisterAsync(Infrastructure.Accounts.NewEmail("bystander"));
        var (userId, laptopSession) = await FirstSessionAsync(email);

        var revoked = await WithRegistryAsync(r => r.RevokeAllAsync(userId, keep: laptopSession));

        Assert.Equal(2, revoked);
        Assert.Equal("/chat", (await laptop.GetAsync("/chat")).Url.AbsolutePath);
        Assert.Equal("/account/login", (await phone.GetAsync("/chat")).Url.AbsolutePath);
        Assert.Equal("/account/login", (await tablet.GetAsync("/chat")).Url.AbsolutePath);
        Assert.Equal("/chat", (await someoneElse.GetAsync("/chat")).Url.AbsolutePath);
    }

    [Fact]
    public async Task RevokingEndsOnlyTheOwnersSessionAndRevokingAllEndsEveryOne()
    {
        var email = Infrastructure.Accounts.NewEmail("revoked");
        using var laptop = app.CreateHtmlClient();
        await laptop.RegisterAsync(email);
        clock.Advance(TimeSpan.FromMinutes(1));
        using var phone = app.CreateHtmlClient();
        await phone.LoginAsync(email);
        var (userId, laptopSession) = await FirstSessionAsync(email);

        var byAnotherPerson = await WithRegistryAsync(r => r.RevokeAsync("someone-else", laptopSession));
        var stillIn = await laptop.GetAsync("/chat");
        var byTheOwner = await WithRegistryAsync(r => r.RevokeAsync(userId, laptopSession));
        var laptopAfter = await laptop.GetAsync("/chat");
        var phoneAfter = await phone.GetAsync("/chat");
        var all = await WithRegistryAsync(r => r.RevokeAllAsync(userId));
        var phoneAtLast = await phone.GetAsync("/chat");

        Assert.False(byAnotherPerson);
        Assert.Equal("/chat", stillIn.Url.AbsolutePath);
        Assert.True(byTheOwner);
        Assert.Equal("/account/login", laptopAfter.Url.AbsolutePath);
        Assert.Equal("/chat", phoneAfter.Url.AbsolutePath);
        Assert.Equal(1, all);
        Assert.Equal("/account/login", phoneAtLast.Url.AbsolutePath);
    }

    [Fact]
    public async Task SessionsThatEndedAreDeletedAtTheNextSignIn()
    {
        var email = Infrastructure.Accounts.NewEmail("pruned");
        using var loggedOut = app.CreateHtmlClient();
        await loggedOut.RegisterAsync(email);
        using var leftIdle = app.CreateHtmlClient();
        await leftIdle.LoginAsync(email);
        using var inUse = app.CreateHtmlClient();
        await inUse.LoginAsync(email);
        await loggedOut.LogoutAsync();
        clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal("/chat", (await inUse.GetAsync("/chat")).Url.AbsolutePath);
        clock.Advance(TimeSpan.FromHours(2));
        var (userId, _) = await FirstSessionAsync(email);
        Assert.Equal(3, await app.WithDbAsync(db => db.UserSessions.CountAsync(s => s.UserId == userId)));

        using var newDevice = app.CreateHtmlClient();
        await newDevice.LoginAsync(email);

        // The logged-out and the idle session are gone; the one in use and the new one remain, and work.
        Assert.Equal(2, await app.WithDbAsync(db => db.UserSessions.CountAsync(s => s.UserId == userId)));
        Assert.Equal("/chat", (await inUse.GetAsync("/chat")).Url.AbsolutePath);
        Assert.Equal("/chat", (await newDevice.GetAsync("/chat")).Url.AbsolutePath);
    }

    private Task<(string UserId, Guid SessionId)> FirstSessionAsync(string email) =>
        app.WithDbAsync(async db =>
        {
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            var first = await db.UserSessions.Where(s => s.UserId == userId).OrderBy(s => s.CreatedAt).Select(s => s.Id).FirstAsync();
            return (userId, first);
        });

    private async Task<T> WithRegistryAsync<T>(Func<SessionRegistry, Task<T>> act)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await act(scope.ServiceProvider.GetRequiredService<SessionRegistry>());
    }

    public void Dispose() => app.Dispose();
}
