namespace LlmPages.Tests.Api;

/// <summary>One <see cref="ApiApp"/> for the tests of a class (they run one at a time, and each sets the fake model's script it needs).</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public ApiApp Api { get; private set; } = null!;

    public async Task InitializeAsync() => Api = await ApiApp.StartAsync();

    public async Task DisposeAsync() => await Api.DisposeAsync();
}
