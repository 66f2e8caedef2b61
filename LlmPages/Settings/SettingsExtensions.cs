namespace LlmPages.Settings;

public static class SettingsExtensions
{
    /// <summary>Each person's settings, read once per request (<see cref="PersonalSettings"/>).</summary>
    public static IHostApplicationBuilder AddPersonalSettings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PersonalSettings>();
        return builder;
    }
}
