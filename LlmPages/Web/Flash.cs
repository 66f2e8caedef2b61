using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace LlmPages.Web;

/// <summary>A one-line notification shown on the next page (see Pages/Shared/_Flash.cshtml).</summary>
public static class FlashMessages
{
    public const string Key = "llmpages.flash";

    public static void Flash(this ITempDataDictionary tempData, string message) => tempData[Key] = message;
}
