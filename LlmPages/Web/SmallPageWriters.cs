using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace LlmPages.Web;

/// <summary>
/// Pages are written to the response through a buffer of <see cref="BufferChars"/> characters instead of MVC's 16 K.
/// The buffers are rented when a page starts and held until it ends, and a page that streams a reply (no
/// JavaScript) lasts as long as the reply: MVC's 32 KB of characters and 64 KB of bytes per page came to 100 KB for
/// each open stream. Kestrel buffers the response again anyway, so a smaller buffer costs only a few more copies.
/// </summary>
public sealed class SmallPageWriters : IHttpResponseStreamWriterFactory
{
    public const int BufferChars = 2048;

    public TextWriter CreateWriter(Stream stream, Encoding encoding) =>
        new HttpResponseStreamWriter(stream, encoding, BufferChars, ArrayPool<byte>.Shared, ArrayPool<char>.Shared);
}
