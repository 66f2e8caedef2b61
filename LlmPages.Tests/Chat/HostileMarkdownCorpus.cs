namespace LlmPages.Tests.Chat;

/// <summary>
/// Markdown a hostile or confused model might send back: raw HTML, script-capable URLs, attribute injection,
/// mutation XSS, parser stress. Every case must render to inert HTML; <see cref="HostileCase.VisibleText"/>,
/// when set, must still be readable in the result (the reader sees what the model wrote).
/// Shared by every test that puts model output on a page. <see cref="Urls"/> and <see cref="Html"/> hold what
/// the first and the second wall see on their own: URLs after Markdown parsing, and HTML a broken pipeline
/// could hand to the sanitizer.
/// </summary>
public static class HostileMarkdownCorpus
{
    public sealed record HostileCase(string Name, string Markdown, string? VisibleText = null);

    public static IReadOnlyList<HostileCase> All { get; } =
    [
        // Raw HTML: shown as text, never parsed.
        new("script tag", "<script>alert(1)</script>", "<script>alert(1)</script>"),
        new("script inline in a paragraph", "Hello <script>alert(1)</script> world", "<script>alert(1)</script>"),
        new("img onerror", "<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
        new("svg onload", "<svg onload=alert(1)>", "<svg onload=alert(1)>"),
        new("svg with script", "<svg><script>alert(1)</script></svg>", "<svg><script>alert(1)</script></svg>"),
        new("iframe javascript src", "<iframe src=javascript:alert(1)></iframe>", "<iframe src=javascript:alert(1)></iframe>"),
        new("iframe srcdoc", "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>", "<iframe srcdoc="),
        new("html anchor with javascript href", "<a href=\"javascript:alert(1)\">x</a>", "<a href=\"javascript:alert(1)\">x</a>"),
        new("htmx attributes on a div", "<div hx-get=\"/admin\" hx-trigger=\"load\">x</div>", "<div hx-get=\"/admin\" hx-trigger=\"load\">"),
        new("htmx on-attribute", "<button hx-on:click=\"alert(1)\">x</button>", "<button hx-on:click=\"alert(1)\">"),
        new("form with button", "<form action=\"https://evil.example\"><button formaction=\"javascript:alert(1)\">Go</button></form>", "<form action=\"https://evil.example\">"),
        new("mutation xss via math and style", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
        new("noscript mutation xss", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "<noscript>"),
        new("anchor with style", "<a href=\"https://x.example\" style=\"position:fixed;inset:0\">click</a>", "style=\"position:fixed;inset:0\""),
        new("html entities for a script tag", "&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"),
        new("html comment", "<!-- comment --> after", "<!-- comment --> after"),
        new("base href", "<base href=\"https://evil.example/\">", "<base href=\"https://evil.example/\">"),
        new("meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">", "<meta http-equiv=\"refresh\""),
        new("link stylesheet", "<link rel=stylesheet href=https://evil.example/x.css>", "<link rel=stylesheet"),
        new("style block", "<style>body{display:none}</style>", "<style>body{display:none}</style>"),
        new("object", "<object data=\"javascript:alert(1)\"></object>", "<object data=\"javascript:alert(1)\"></object>"),
        new("embed", "<embed src=\"javascript:alert(1)\">", "<embed src=\"javascript:alert(1)\">"),
        new("broken nested script tag", "<scr<script>ipt>alert(1)</scr</script>ipt>", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
        new("unclosed tag", "<img src=x onerror=alert(1)//", "<img src=x onerror=alert(1)//"),
        new("html block with markdown after", "<div onclick=\"alert(1)\">\n\n*text*\n\n</div>", "<div onclick=\"alert(1)\">"),
        new("template and details", "<details open ontoggle=alert(1)><summary>x</summary></details>", "ontoggle=alert(1)"),

        // Links: only http, https and mailto survive as links; the rest is the link text.
        new("javascript link", "[x](javascript:alert(1))", "x"),
        new("mixed-case javascript link", "[x](JaVaScRiPt:alert(1))", "x"),
        new("tab entity inside the scheme", "[x](java&#x09;script:alert(1))", "x"),
        new("newline entity inside the scheme", "[x](java&#x0A;script:alert(1))", "x"),
        new("decimal entity for the first letter", "[x](&#106;avascript:alert(1))", "x"),
        new("named entity for the colon", "[x](javascript&colon;alert(1))", "x"),
        new("backslash-escaped colon", "[x](javascript\\:alert(1))", "x"),
        new("leading space before the scheme", "[x]( javascript:alert(1))", "x"),
        new("pointy-bracket destination with a space", "[x](<java script:alert(1)>)", "x"),
        new("percent-encoded scheme", "[x](%6Aavascript:alert(1))", "x"),
        new("fullwidth scheme letters", "[x](ｊａｖａｓｃｒｉｐｔ:alert(1))", "x"),
        new("zero-width space in the scheme", "[x](java\u200Bscript:alert(1))", "x"),
        new("data url", "[x](data:text/html;base64,PHNjcmlwdD4=)", "x"),
        new("vbscript url", "[x](vbscript:msgbox)", "x"),
        new("file url", "[x](file:///etc/passwd)", "x"),
        new("protocol-relative url", "[x](//evil.example/)", "x"),
        new("relative url into the app", "[delete](/admin/users/1/delete)", "delete"),
        new("reference definition with javascript", "[x][evil]\n\n[evil]: javascript:alert(1)", "x"),
        new("autolink with javascript scheme", "<javascript:alert(1)>", "javascript:alert(1)"),
        new("autolink with data scheme", "<data:text/html,<script>alert(1)</script>>", "data:text/html,"),
        new("quote breaking out of href", "[x](https://ok.example/\"onmouseover=\"alert(1))", "x"),
        new("bare url with quotes", "https://ok.example/\"onmouseover=\"alert(1)", "onmouseover"),
        new("link title with quotes", "[x](https://ok.example \"a\\\" onclick=\\\"alert(1)\")", "x"),

        // Images: never loaded.
        new("remote image (tracking pixel)", "![x](https://evil.example/pixel.png)", "Image: x"),
        new("javascript image", "![x](javascript:alert(1))", "x"),
        new("data image", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "x"),
        new("image reference", "![x][img]\n\n[img]: https://evil.example/pixel.png", "Image: x"),

        // Attribute injection through Markdown syntax (GenericAttributes must be off).
        new("generic attributes on a link", "[x](https://ok.example){onclick=alert(1)}", "{onclick=alert(1)}"),
        new("generic attributes id on a heading", "# Title {#main}", "Title {#main}"),
        new("generic attributes class and handler", "# Title {.x onclick=y}", "{.x onclick=y}"),
        new("generic attributes htmx", "Paragraph\n{hx-get=/admin hx-trigger=load}", "hx-get=/admin"),
        new("footnote with an id-like label", "Text[^main]\n\n[^main]: note", "Text"),
        new("heading that would clobber an id", "# main\n\n## content", "main"),

        // Code: the content and the info string stay text.
        new("code fence closing the pre", "```\n</code></pre><script>alert(1)</script>\n```", "</code></pre><script>alert(1)</script>"),
        new("highlighted code fence closing the pre", "```html\n</code></pre><script>alert(1)</script>\n```", "</code></pre><script>alert(1)</script>"),
        new("code fence language breaking out of class", "```\"onmouseover=\"alert(1)\nx\n```", "x"),
        new("code fence language with angle brackets", "```<script>alert(1)</script>\nx\n```", "x"),
        new("inline code with a script tag", "`<script>alert(1)</script>`", "<script>alert(1)</script>"),
        new("table cell with raw html", "| a |\n|---|\n| <img src=x onerror=alert(1)> |", "<img src=x onerror=alert(1)>"),

        // Stress: must finish quickly, without a stack overflow.
        new("ten thousand nested blockquotes", new string('>', 10_000) + " deep"),
        new("ten thousand nested list items", string.Concat(Enumerable.Repeat("- ", 10_000)) + "deep"),
        new("ten thousand nested emphasis", new string('*', 10_000) + "x" + new string('*', 10_000)),
        // Markdig matches brackets in more than linear time (10,000 pairs: seconds), so fewer here.
        new("two thousand nested brackets", new string('[', 2_000) + "x" + string.Concat(Enumerable.Repeat("](https://ok.example)", 2_000))),
        new("ten thousand nested images", string.Concat(Enumerable.Repeat("![", 5_000)) + "x" + string.Concat(Enumerable.Repeat("](javascript:alert(1))", 5_000))),
        new("forty thousand bare urls in one paragraph", string.Concat(Enumerable.Repeat("x https://ok.example ", 40_000)), "x https://ok.example x"),
        new("control characters and nulls", "a\0b\u0001c\u001b[31m <scr\0ipt>", "<scr"),
    ];

    public static TheoryData<string> Names => new(All.Select(c => c.Name));

    public static HostileCase Get(string name) => All.Single(c => c.Name == name);

    /// <summary>
    /// URLs as the link filter receives them, once Markdig has decoded entities and escapes: none may become a
    /// link. Script-capable schemes in every disguise, URLs that read differently to people and to parsers, and
    /// addresses that point into the app itself.
    /// </summary>
    public static IReadOnlyList<string> Urls { get; } =
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "javascript://%0Aalert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        " javascript:alert(1)",
        "\0javascript:alert(1)",
        "%6Aavascript:alert(1)",
        "ｊａｖａｓｃｒｉｐｔ:alert(1)",
        "java\u200Bscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
        "DATA:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "file:///etc/passwd",
        "blob:https://ok.example/0b7e5d1c",
        "about:blank",
        "https:alert(1)",
        "http://",
        "https://ok.example\u202E/moc.live",
        "mailto:a@example.com\njavascript:alert(1)",
        "//evil.example/",
        "\\\\evil.example\\share",
        "/admin/users/1/delete",
        "?handler=Delete",
        "#main",
        "",
    ];

    public static TheoryData<string> UrlCases => new(Urls);

    /// <summary>
    /// HTML a broken first wall could hand to the sanitizer (next to the raw HTML in <see cref="All"/>): the tags
    /// our renderer writes, carrying what they must not, and the elements that load or run something.
    /// </summary>
    public static IReadOnlyList<HostileCase> Html { get; } =
    [
        new("html: javascript href", "<a href=\"javascript:alert(1)\">x</a>"),
        new("html: entity-encoded javascript href", "<a href=\"&#106;ava&#x09;script&colon;alert(1)\">x</a>"),
        new("html: data href", "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>"),
        new("html: vbscript href", "<a href=\"vbscript:msgbox\">x</a>"),
        new("html: relative href into the app", "<a href=\"/admin/users/1/delete\">x</a><a href=\"//evil.example/\">y</a>"),
        new("html: link with handlers and target", "<a href=\"https://ok.example\" onclick=\"alert(1)\" onmouseover=\"alert(1)\" target=\"_blank\" title=\"t\">x</a>"),
        new("html: htmx, data, id and style on a paragraph", "<p id=\"main\" style=\"position:fixed;inset:0\" hx-get=\"/admin\" hx-trigger=\"load\" data-x=\"1\" class=\"evil\">x</p>"),
        new("html: handler on the table wrapper", "<div class=\"table-wrap\" role=\"region\" aria-label=\"t\" tabindex=\"0\" onfocus=\"alert(1)\" autofocus>x</div>"),
        new("html: handler on highlighted code", "<pre tabindex=\"0\" onkeydown=\"alert(1)\"><code class=\"language-js\" onclick=\"alert(1)\"><span class=\"hljs\" style=\"background:url(javascript:alert(1))\">x</span></code></pre>"),
        new("html: image input", "<input type=\"image\" src=\"https://evil.example/pixel.png\" onfocus=\"alert(1)\" autofocus>"),
        new("html: text input and button", "<input type=\"text\" name=\"q\" formaction=\"javascript:alert(1)\"><button>Go</button>"),
        new("html: remote image", "<img src=\"https://evil.example/pixel.png\" alt=\"x\">"),
        new("html: image inside a link", "<a href=\"https://ok.example\"><img src=\"https://evil.example/pixel.png\"></a>"),
        new("html: picture, video and audio", "<picture><source srcset=\"https://evil.example/p.png\"></picture><video src=\"https://evil.example/v.mp4\" poster=\"https://evil.example/p.png\"></video><audio src=\"https://evil.example/a.mp3\" autoplay></audio>"),
        new("html: background attributes", "<table background=\"https://evil.example/p.png\"><tr><td background=\"javascript:alert(1)\">x</td></tr></table>"),
        new("html: url attributes that are not href", "<blockquote cite=\"javascript:alert(1)\">x</blockquote><ol start=\"1\" type=\"a\" onclick=\"alert(1)\"><li value=\"3\">x</li></ol>"),
        new("html: svg link", "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>"),
        new("html: math link", "<math><maction actiontype=\"statusline\" xlink:href=\"javascript:alert(1)\">x</maction></math>"),
        new("html: frames", "<frameset><frame src=\"javascript:alert(1)\"></frameset>"),
        new("html: marquee and body handlers", "<marquee onstart=\"alert(1)\">x</marquee><body onload=\"alert(1)\">"),
        new("html: quote breaking out of href", "<a href=\"https://ok.example/&quot;onmouseover=&quot;alert(1)\">x</a>"),
        new("html: mutation via textarea", "<textarea><p title=\"</textarea><img src=x onerror=alert(1)>\"></textarea>"),
    ];

    public static TheoryData<string> HtmlNames => new(Html.Select(c => c.Name));

    public static HostileCase GetHtml(string name) => Html.Single(c => c.Name == name);
}
