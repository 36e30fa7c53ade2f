using StatuutHub.Host.Problems;
using StatuutHub.Validation;

namespace StatuutHub.Host.Intake;

/// <summary>Reads a request body up to the intake size cap, and decides its format from the content type.</summary>
public static class RequestBody
{
    /// <summary>The body bytes, or a problem (413 too large, 415 wrong media type) to answer instead.</summary>
    public static async Task<(ReadOnlyMemory<byte> Body, DocumentFormat Format, IResult? Problem)> ReadAsync(HttpRequest request, IntakeLimits limits, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        DocumentFormat format;
        switch (mediaType)
        {
            case "application/json" or "application/problem+json":
                format = DocumentFormat.Json;
                break;
            case "application/xml" or "text/xml":
                format = DocumentFormat.Xml;
                break;
            default:
                return (default, default, HubProblems.Single(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
                    "Stuur het attest als application/json of application/xml.", "Send the attest as application/json or application/xml."));
        }

        var (body, tooLarge) = await ReadCappedAsync(request, limits, ct);
        return tooLarge ? (default, format, TooLarge(limits)) : (body, format, null);
    }

    /// <summary>The body, read no further than the cap: a client cannot make the hub buffer more.</summary>
    public static async Task<(ReadOnlyMemory<byte> Body, bool TooLarge)> ReadCappedAsync(HttpRequest request, IntakeLimits limits, CancellationToken ct)
    {
        if (request.ContentLength > limits.MaxDocumentBytes)
        {
            return (default, true);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limits.MaxDocumentBytes)
            {
                return (default, true);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), false);
    }

    /// <summary>413 with the document cap in the message.</summary>
    public static IResult TooLarge(IntakeLimits limits) => HubProblems.Single(StatusCodes.Status413PayloadTooLarge, "DOCUMENT_TOO_LARGE",
        $"Het document is groter dan {limits.MaxDocumentBytes} bytes.", $"The document is larger than {limits.MaxDocumentBytes} bytes.");
}
