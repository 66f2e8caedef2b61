using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Options;

namespace LlmPages.Web;

/// <summary>
/// Plain-language messages for values the model binder cannot read ("abc" in a number field), instead of
/// "The value 'abc' is not valid for ContextWindow." Whole-number fields say so; decimal fields say "a number".
/// Each message names the field, because the error summary lists them away from their fields.
/// </summary>
internal sealed class BindingMessages : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        Apply(options.ModelBindingMessageProvider, "a valid value");
        options.ModelMetadataDetailsProviders.Add(new NumberMessages(options.ModelBindingMessageProvider));
    }

    private static void Apply(DefaultModelBindingMessageProvider messages, string what)
    {
        messages.SetAttemptedValueIsInvalidAccessor((_, field) => $"{field} must be {what}.");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => $"Enter {what}.");
        messages.SetUnknownValueIsInvalidAccessor(field => $"{field} must be {what}.");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => $"Enter {what}.");
        messages.SetValueIsInvalidAccessor(_ => $"Enter {what}.");
        messages.SetValueMustBeANumberAccessor(field => $"{field} must be a number.");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "Enter a number.");
        messages.SetValueMustNotBeNullAccessor(_ => "Enter a value.");
        messages.SetMissingBindRequiredValueAccessor(field => $"Enter {field}.");
        messages.SetMissingKeyOrValueAccessor(() => "Enter a value.");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "The form was empty.");
    }

    /// <summary>Per-property messages: whole numbers for integer properties, numbers for decimal ones.</summary>
    private sealed class NumberMessages(DefaultModelBindingMessageProvider defaults) : IBindingMetadataProvider
    {
        public void CreateBindingMetadata(BindingMetadataProviderContext context)
        {
            var type = Nullable.GetUnderlyingType(context.Key.ModelType) ?? context.Key.ModelType;
            string? what = type == typeof(int) || type == typeof(long) || type == typeof(short) ? "a whole number"
                : type == typeof(decimal) || type == typeof(double) || type == typeof(float) ? "a number"
                : null;
            if (what is null)
            {
                return;
            }
            var messages = new DefaultModelBindingMessageProvider(
                context.BindingMetadata.ModelBindingMessageProvider as DefaultModelBindingMessageProvider ?? defaults);
            Apply(messages, what);
            context.BindingMetadata.ModelBindingMessageProvider = messages;
        }
    }
}
