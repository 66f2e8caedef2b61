using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LlmPages.Web;

/// <summary>
/// One labelled form field in the house style: label, optional hint, the error next to the field, the control
/// with <c>aria-describedby</c> and <c>aria-invalid</c>, and the submitted value kept after an error.
/// <code>&lt;field asp-for="Input.Email" type="email" autocomplete="email" hint="We never share it." /&gt;</code>
/// Constraints (required, length, range) come from the model's DataAnnotations; the server validates them.
/// A select: <c>&lt;field asp-for="Input.Kind" type="select" asp-items="Model.Kinds" placeholder="Choose a kind" /&gt;</c>.
/// </summary>
[HtmlTargetElement("field", Attributes = "asp-for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper : TagHelper
{
    [HtmlAttributeName("asp-for")]
    public ModelExpression For { get; set; } = default!;

    /// <summary>input type, or "textarea", or "select" (with <see cref="Items"/>).</summary>
    public string Type { get; set; } = "text";

    /// <summary>The options of a select; an option is selected when its value is the field's value.</summary>
    [HtmlAttributeName("asp-items")]
    public IEnumerable<SelectListItem>? Items { get; set; }

    /// <summary>A select's first, empty option (e.g. "Choose a type"), so nothing is chosen by accident.</summary>
    public string? Placeholder { get; set; }

    /// <summary>A number input's step, e.g. "any" for prices.</summary>
    public string? Step { get; set; }

    /// <summary>A file input's accepted types, e.g. ".json,application/json".</summary>
    public string? Accept { get; set; }

    public string? Hint { get; set; }
    public string? Autocomplete { get; set; }
    public string? Label { get; set; }
    public int Rows { get; set; } = 4;
    public bool Autofocus { get; set; }

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = default!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var id = TagBuilder.CreateSanitizedId(For.Name, "_");
        var errors = ViewContext.ViewData.ModelState.TryGetValue(For.Name, out var entry) ? entry.Errors : null;
        var invalid = errors is { Count: > 0 };
        var validators = For.Metadata.ValidatorMetadata;

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", invalid ? "field field--invalid" : "field");

        var label = new TagBuilder("label");
        label.Attributes["for"] = id;
        label.InnerHtml.Append(Label ?? For.Metadata.GetDisplayName());
        output.Content.AppendHtml(label);

        var describedBy = new List<string>();
        if (!string.IsNullOrEmpty(Hint))
        {
            var hint = new TagBuilder("p");
            hint.AddCssClass("field__hint");
            hint.Attributes["id"] = id + "-hint";
            hint.InnerHtml.Append(Hint);
            output.Content.AppendHtml(hint);
            describedBy.Add(id + "-hint");
        }

        if (invalid)
        {
            var error = new TagBuilder("p");
            error.AddCssClass("field__error");
            error.Attributes["id"] = id + "-error";
            error.InnerHtml.AppendHtml("<span class=\"visually-hidden\">Error: </span>");
            error.InnerHtml.Append(string.Join(" ", errors!.Select(e => e.ErrorMessage)));
            output.Content.AppendHtml(error);
            describedBy.Add(id + "-error");
        }

        var isTextarea = Type == "textarea";
        var isSelect = Type == "select";
        // Show what was submitted (even if it failed to parse), never a password.
        var value = entry?.AttemptedValue ?? Convert.ToString(For.Model, CultureInfo.InvariantCulture);
        // A refused value may not be one the input's type can hold ("hot" in a number box, "not a url" in a url
        // box): browsers would blank it, and it would make the page invalid HTML. It goes back in a text box, with
        // the same keyboard.
        var type = invalid && TypedInputModes.TryGetValue(Type, out _) ? "text" : Type;
        var control = new TagBuilder(isTextarea ? "textarea" : isSelect ? "select" : "input");
        control.Attributes["id"] = id;
        control.Attributes["name"] = For.Name;
        if (describedBy.Count > 0)
        {
            control.Attributes["aria-describedby"] = string.Join(' ', describedBy);
        }
        if (invalid)
        {
            control.Attributes["aria-invalid"] = "true";
        }
        if (Autocomplete is not null)
        {
            control.Attributes["autocomplete"] = Autocomplete;
        }
        if (Autofocus)
        {
            control.Attributes["autofocus"] = "autofocus";
        }
        foreach (var validator in validators)
        {
            switch (validator)
            {
                case RequiredAttribute:
                    control.Attributes["required"] = "required";
                    break;
                case StringLengthAttribute length:
                    control.Attributes["maxlength"] = length.MaximumLength.ToString(CultureInfo.InvariantCulture);
                    break;
                case MaxLengthAttribute max:
                    control.Attributes["maxlength"] = max.Length.ToString(CultureInfo.InvariantCulture);
                    break;
                case RangeAttribute range when type == "number":
                    control.Attributes["min"] = Convert.ToString(range.Minimum, CultureInfo.InvariantCulture);
                    control.Attributes["max"] = Convert.ToString(range.Maximum, CultureInfo.InvariantCulture);
                    break;
            }
        }

        if (isSelect)
        {
            if (Placeholder is not null)
            {
                control.InnerHtml.AppendHtml(Option(new SelectListItem(Placeholder, ""), value));
            }
            foreach (var item in Items ?? [])
            {
                control.InnerHtml.AppendHtml(Option(item, value));
            }
        }
        else if (isTextarea)
        {
            control.Attributes["rows"] = Rows.ToString(CultureInfo.InvariantCulture);
            control.InnerHtml.Append(value ?? "");
        }
        else
        {
            control.TagRenderMode = TagRenderMode.SelfClosing;
            control.Attributes["type"] = type;
            if (TypedInputModes.TryGetValue(Type, out var inputMode) && (Type == "number" || type == "text"))
            {
                control.Attributes["inputmode"] = inputMode;
            }
            if (type == "number" && Step is not null)
            {
                control.Attributes["step"] = Step;
            }
            if (Accept is not null)
            {
                control.Attributes["accept"] = Accept;
            }
            // A password is never sent back, and a browser never takes a file input's value from the page.
            if (Type is not ("password" or "file") && value is not null)
            {
                control.Attributes["value"] = value;
            }
        }
        output.Content.AppendHtml(control);
    }

    /// <summary>Input types whose value HTML constrains, and the keyboard (inputmode) each brings up.</summary>
    private static readonly Dictionary<string, string> TypedInputModes = new(StringComparer.Ordinal)
    {
        ["number"] = "decimal",
        ["email"] = "email",
        ["url"] = "url",
        ["date"] = "text",
    };

    private static TagBuilder Option(SelectListItem item, string? value)
    {
        var option = new TagBuilder("option");
        option.Attributes["value"] = item.Value;
        if (string.Equals(item.Value, value, StringComparison.Ordinal))
        {
            option.Attributes["selected"] = "selected";
        }
        if (item.Disabled)
        {
            option.Attributes["disabled"] = "disabled";
        }
        option.InnerHtml.Append(item.Text);
        return option;
    }
}
