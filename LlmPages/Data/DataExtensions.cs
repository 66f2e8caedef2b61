// TEMP: replaced by the data-model branch.
using Microsoft.EntityFrameworkCore;
namespace LlmPages.Data;
public static class DataExtensions
{
    public static IHostApplicationBuilder AddAppData(this IHostApplicationBuilder builder)
    {
        var folder = Path.Combine(builder.Environment.ContentRootPath, builder.Configuration["LlmPages:Data:DataFolder"] ?? "data");
        Directory.CreateDirectory(folder);
        builder.Services.AddDbContext<AppDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(folder, "llmpages.db")}"));
        return builder;
    }
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.EnsureCreatedAsync();
    }
}
