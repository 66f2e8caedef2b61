using System.Buffers.Binary;
using LlmPages.Accounts;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Accounts;

/// <summary>
/// The rest of the suite hashes passwords cheaply (<see cref="AppFactory.TestPasswordHashIterations"/>); this app keeps
/// the real cost, and a password registered through the page is stored with it.
/// </summary>
public sealed class PasswordHashingTests : IAsyncLifetime
{
    private readonly AppFactory app = new() { RealPasswordHashing = true };

    [Fact]
    public async Task ARegisteredPasswordIsStoredAsPbkdf2WithTheAppsRoundCount()
    {
        using var client = app.CreateHtmlClient();
        var email = Infrastructure.Accounts.NewEmail("hashing");

        await client.RegisterAsync(email, "Hash Person");

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LlmPages.Data.AppDbContext>();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant());
        // Identity's V3 format: a 0x01 marker, then the PRF, the round count and the salt length as big-endian integers.
        var hash = Convert.FromBase64String(user.PasswordHash!);
        Assert.Equal(0x01, hash[0]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1))); // HMAC-SHA512
        Assert.Equal((uint)AccountsExtensions.PasswordHashIterations, BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)));
        Assert.Equal(210_000, AccountsExtensions.PasswordHashIterations);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();
}
