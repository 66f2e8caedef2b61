using LlmPages.Jobs;
using LlmPages.Pages.Transfers;
using LlmPages.Web;
using Microsoft.Extensions.Options;

namespace LlmPages.Transfers;

public static class TransfersExtensions
{
    /// <summary>Exports and imports of chats: their settings, queries and jobs.</summary>
    public static IHostApplicationBuilder AddTransfers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TransferOptions>().BindConfiguration(TransferOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The TransferStore is the engine's (DatabaseEngine.AddTransferStore).
        builder.Services.AddSingleton(services =>
        {
            var limit = services.GetRequiredService<IOptions<TransferOptions>>().Value.MaxImportBytes;
            return new UploadLimit(ImportModel.Path, limit,
                $"The file is larger than the {Format.Bytes(limit)} an import accepts, so nothing was uploaded or imported. " +
                "An administrator can raise the limit (LlmPages:Transfers:MaxImportBytes).");
        });
        builder.Services.AddScoped<ChatExports>();
        builder.Services.AddScoped<ChatTransfers>();
        builder.Services.AddScoped<TransferProgress>();
        builder.Services.AddScoped<ChatImporter>();
        builder.Services.AddScoped<ChatExportJob>();
        builder.Services.AddScoped<ChatImportJob>();
        builder.Services.AddScoped<ChatTransferCleanupJob>();
        return builder;
    }
}
