using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LlmPages.Tests.Web;

/// <summary>
/// Days and months begin in the app's time zone (<c>LlmPages:TimeZone</c>, UTC by default), and the pages that group
/// by them say which zone; a zone the server does not know stops the app with a message naming the setting.
/// </summary>
public sealed class TimeZoneTests
{
    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData(" ")]
    public async Task AnUnknownTimeZoneStopsTheAppWithAMessageNamingTheSetting(string zone)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["LlmPages:TimeZone"] = zone });
        builder.AddWebShell();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("LlmPages:TimeZone", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"'{zone}' is not", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheChatListGroupsByDaysOfTheConfiguredZoneAndNamesIt()
    {
        // UTC+14 all year: its midnight is mid-morning in UTC, so two chats a minute either side of it are on one UTC day.
        const string zoneName = "Pacific/Kiritimati";
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?>
        {
            ["LlmPages:TimeZone"] = zoneName,
            ["LlmPages:Jobs:RunServer"] = "false",
        });
        using var user = await chat.NewUserAsync();
        var before = (await user.StartChatAsync("Before midnight")).ConversationId();
        var after = (await user.StartChatAsync("After midnight")).ConversationId();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneName);
        var localToday = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, zone).Date;
        var midnight = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(localToday, DateTimeKind.Unspecified), zone);
        await chat.App.WithDbAsync(db => db.Conversations.Where(c => c.Id == before)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, midnight.AddMinutes(-1))));
        await chat.App.WithDbAsync(db => db.Conversations.Where(c => c.Id == after)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, midnight.AddMinutes(1))));

        var page = await user.GetAsync("/chat");

        Assert.Equal(["Today", "Yesterday"], page.FindAll(".chat-list__day").Select(h => h.TextContent.Trim()));
        Assert.Equal("Days in Pacific/Kiritimati time.", page.Text(".chat-list__zone"));
    }
}
