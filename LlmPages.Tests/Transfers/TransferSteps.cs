using System.Net.Http.Headers;
using System.Text;
using LlmPages.Data.Entities;
using LlmPages.Jobs;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Transfers;

/// <summary>Exports and imports through the real pages and downloads, and the jobs run as the job server would run them.</summary>
public static class TransferSteps
{
    /// <summary>No job server: the test runs each job itself, when it wants the job done.</summary>
    public static readonly Dictionary<string, string?> NoJobServer = new() { ["LlmPages:Jobs:RunServer"] = "false" };

    /// <summary>Uploads a file through the import page's form (multipart, with the form's token); returns where it led.</summary>
    public static async Task<HtmlPage> UploadAsync(this HtmlClient client, byte[] content, string fileName = "conversations.json")
    {
        var form = await client.GetAsync("/import");
        using var body = new MultipartFormDataContent
        {
            { new StringContent(form.Token()), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        body.Add(file, "Input.File", fileName);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/import") { Content = body };
        return await client.SendAsync(request);
    }

    public static Task<HtmlPage> UploadAsync(this HtmlClient client, string content, string fileName = "conversations.json") =>
        client.UploadAsync(Encoding.UTF8.GetBytes(content), fileName);

    /// <summary>Asks for an export of all the person's chats; returns its progress page.</summary>
    public static async Task<HtmlPage> StartExportAsync(this HtmlClient client) =>
        await client.SubmitAsync(await client.GetAsync("/export"), "main form[method=post]");

    /// <summary>A download: its status, Content-Disposition and text.</summary>
    public static async Task<(HttpResponseMessage Response, string Text)> DownloadAsync(this HtmlClient client, string url)
    {
        var response = await client.Http.GetAsync(url);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Runs every export and import still waiting, as the job server would.</summary>
    public static async Task RunTransferJobsAsync(this AppFactory app)
    {
        var waiting = await app.WithDbAsync(db => db.ChatTransfers.AsNoTracking()
            .Where(t => t.Status == ChatTransferStatus.Waiting).Select(t => new { t.Id, t.Kind }).ToListAsync());
        foreach (var transfer in waiting)
        {
            await using var scope = app.Services.CreateAsyncScope();
            if (transfer.Kind == ChatTransferKind.Export)
            {
                await scope.ServiceProvider.GetRequiredService<ChatExportJob>().RunAsync(transfer.Id, CancellationToken.None);
            }
            else
            {
                await scope.ServiceProvider.GetRequiredService<ChatImportJob>().RunAsync(transfer.Id, CancellationToken.None);
            }
        }
    }

    public static Task<ChatTransfer> TransferAsync(this AppFactory app, Guid id) =>
        app.WithDbAsync(db => db.ChatTransfers.AsNoTracking().SingleAsync(t => t.Id == id));

    /// <summary>
    /// The transfers whose file is kept, seen where the engine keeps them: files named <c>{id}.json</c> (and nothing else)
    /// in the data folder's <c>transfers/</c> on SQLite; chunk rows in <c>TransferChunks</c> on PostgreSQL.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> StoredTransfersAsync(this AppFactory app)
    {
        if (TestDatabase.IsPostgres)
        {
            return await app.WithDbAsync(db => db.Database
                .SqlQueryRaw<Guid>("SELECT DISTINCT \"TransferId\" AS \"Value\" FROM \"TransferChunks\"").ToListAsync());
        }
        var folder = Path.Combine(app.DataFolder, "transfers");
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
        Assert.All(files, f => Assert.Equal(".json", Path.GetExtension(f)));
        return [.. files.Select(f => Guid.ParseExact(Path.GetFileNameWithoutExtension(f), "N"))];
    }

    /// <summary>The id at the end of a progress page's address (/export/{id} or /import/{id}).</summary>
    public static Guid TransferId(this HtmlPage page) => Guid.Parse(page.Url.AbsolutePath.Split('/')[^1]);

    /// <summary>Every chat of a person with its messages, for comparing what an import saved.</summary>
    public static Task<List<Conversation>> ChatsOfAsync(this AppFactory app, string email) =>
        app.WithDbAsync(db => db.Conversations.AsNoTracking().Include(c => c.Messages)
            .Where(c => c.Owner.Email == email).OrderBy(c => c.CreatedAt).ToListAsync());
}

/// <summary>A signed-in person whose email the test knows, to find their chats.</summary>
public sealed record Person(HtmlClient Client, string Email) : IDisposable
{
    public static async Task<Person> RegisterAsync(ChatApp chat, string name = "Transfer Person")
    {
        var email = Infrastructure.Accounts.NewEmail("transfer");
        var client = chat.App.CreateHtmlClient();
        await client.RegisterAsync(email, name);
        return new Person(client, email);
    }

    public void Dispose() => Client.Dispose();
}
