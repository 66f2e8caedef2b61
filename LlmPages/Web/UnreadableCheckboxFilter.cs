using System.Reflection;
using Microsoft.AspNetCore.Mvc.Filters;

namespace LlmPages.Web;

/// <summary>
/// A checkbox posted with a value that is not a boolean ("yes", "1e309") fails binding with a clear message, but
/// re-rendering the form would then throw: the checkbox tag helper converts the attempted value to bool. This
/// filter keeps the message and replaces such an attempted value with "false", so the form comes back, not a 500.
/// </summary>
public sealed class UnreadableCheckboxFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var modelState = context.ModelState;
        foreach (var (key, entry) in modelState.ToList())
        {
            if (entry is null || entry.Errors.Count == 0 || entry.AttemptedValue is not { } attempted || bool.TryParse(attempted, out _))
            {
                continue;
            }
            var type = PropertyType(context.HandlerInstance.GetType(), key);
            if (type == typeof(bool) || type == typeof(bool?))
            {
                modelState.SetModelValue(key, rawValue: null, attemptedValue: "false");
            }
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }

    /// <summary>The type of the property a model-state key names ("Input.IsActive"), or null.</summary>
    private static Type? PropertyType(Type root, string key)
    {
        var type = root;
        foreach (var name in key.Split('.'))
        {
            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return null;
            }
            type = property.PropertyType;
        }
        return type;
    }
}
