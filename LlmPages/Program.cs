using LlmPages.Accounts;
using LlmPages.Admin;
using LlmPages.Api;
using LlmPages.Api.Keys;
using LlmPages.Chat;
using LlmPages.Chat.Streaming;
using LlmPages.Data;
using LlmPages.Data.Moving;
using LlmPages.History;
using LlmPages.Jobs;
using LlmPages.Llm;
using LlmPages.Monitoring;
using LlmPages.Profile;
using LlmPages.Projects;
using LlmPages.Settings;
using LlmPages.Telemetry;
using LlmPages.Transfers;
using LlmPages.Usage;
using LlmPages.Web;

if (HealthProbeCommand.IsRequested(args)) return await HealthProbeCommand.RunAsync(args);
if (CopyToPostgresCommand.IsRequested(args)) return await CopyToPostgresCommand.RunAsync(args);

StartupFailure.ReportPlainly();
var builder = WebApplication.CreateBuilder(args);
// Serve the build's fingerprinted, pre-compressed assets in every environment (a no-op once published).
builder.WebHost.UseStaticWebAssets();

builder.AddAppData();
builder.AddMonitoring();
builder.AddTelemetry();
builder.AddAccounts();
builder.AddApiKeys();
builder.AddLlm();
builder.AddPersonalSettings();
builder.AddProfile();
builder.AddApiKeyPages();
builder.AddChat();
builder.AddProjects();
builder.AddHistory();
builder.AddTransfers();
builder.AddAdmin();
builder.AddUsage();
builder.AddOpenAiApi();
builder.AddJobs();
builder.AddWebShell();

var app = builder.Build();

app.ValidateSettings();
await app.MigrateDatabaseAsync();

app.UseWebShell();
app.MapStaticAssets();
app.MapAppHealthChecks();
app.MapMetrics();
app.MapRazorPages().WithStaticAssets();
app.MapChatStreams();
app.MapTransfers();
app.MapJobs();
app.MapOpenAiApi();

await app.RunAsync();
return 0;

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
