using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Admin;

/// <summary>The provider form refuses cloud metadata addresses with a message next to the field.</summary>
public sealed class ProviderAddressTests : IClassFixture<AppFactory>
{
    private readonly AppFactory app;

    public ProviderAddressTests(AppFactory app) => this.app = app;

    [Theory]
    [InlineData("http://169.254.169.254/v1")]
    [InlineData("http://2852039166/v1")]
    [InlineData("http://[::ffff:169.254.169.254]/v1")]
    [InlineData("http://[::169.254.169.254]/v1")]
    [InlineData("http://[64:ff9b::169.254.169.254]/v1")]
    [InlineData("http://[::ffff:0:a9fe:a9fe]/v1")]
    [InlineData("http://[2002:a9fe:a9fe::]/v1")]
    [InlineData("http://[2001:0:4136:e378:8000:63bf:5601:5601]/v1")]
    public async Task AMetadataAddressIsNotSaved(string url)
    {
        using var admin = app.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        var name = AdminSteps.Unique("Metadata");

        var page = await admin.CreateProviderAsync(name, baseUrl: url);

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("cloud metadata", page.Text("#Input_BaseUrl-error"));
        Assert.Equal(url, page.Find("#Input_BaseUrl")!.GetAttribute("value"));
        Assert.False(await app.WithDbAsync(db => db.AiProviders.AnyAsync(p => p.Name == name)));
    }
}
