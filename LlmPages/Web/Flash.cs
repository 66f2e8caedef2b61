using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace LlmPages.Web;

/// <summary>A one-line notification shown on the next page (see Pages/Shared/_Flash.cshtml).</summary>
public static class FlashMessages
{
    public const string Key = "llmpages.flash";
    public const string ErrorKey = "llmpages.flash.error";

    /// <summary>Something went as asked ("Saved “X”.").</summary>
    public static void Flash(this ITempDataDictionary tempData, string message) => tempData[Key] = message;

    /// <summary>An action ran but failed in a way the person must read (e.g. "The server refused the key.").</summary>
    public static void FlashError(this ITempDataDictionary tempData, string message) => tempData[ErrorKey] = message;
}
