using LlmPages.Accounts;
using LlmPages.Data;
using LlmPages.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddAppData();
builder.AddAccounts();
builder.AddWebShell();

var app = builder.Build();

await app.MigrateDatabaseAsync();

app.UseWebShell();
app.MapStaticAssets();
app.MapAppHealthChecks();
app.MapRazorPages().WithStaticAssets();

await app.RunAsync();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
