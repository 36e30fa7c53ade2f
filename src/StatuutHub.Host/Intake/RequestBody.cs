using StatuutHub.Host.Problems;
using StatuutHub.Validation;

namespace StatuutHub.Host.Intake;

/// <summary>Reads a request body up to the intake size cap, and decides its format from the content type.</summary>
public static class RequestBody
{
    /// <summary>The body bytes, or a problem (413 too large, 415 wrong media type) to answer instead.</summary>
    public static async Task<(ReadOnlyMemory<byte> Body, DocumentFormat Format, IResult? Problem)> ReadAsync(HttpRequest request, IntakeLimits limits, CancellationToken ct)
    {
        if (FormatOf(request.ContentType) is not { } format)
        {
            return (default, default, Results.Problem(UnsupportedMediaType()));
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

        if (request.ContentLength is { } announced)
        {
            // The usual case: the length is known (and Kestrel delivers no more than it), so the body is read straight into its array.
            var body = new byte[announced];
            var filled = 0;
            int got;
            while (filled < body.Length && (got = await request.Body.ReadAsync(body.AsMemory(filled), ct)) > 0)
            {
                filled += got;
            }

            return (body.AsMemory(0, filled), false);
        }

        // Chunked: read in pieces until the end, no further than the cap.
        using var buffer = new MemoryStream();
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limits.MaxDocumentBytes)
                {
                    return (default, true);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }

        return (buffer.GetBuffer().AsMemory(0, (int)buffer.Length), false);
    }

    /// <summary>The attest's format by its media type (parameters ignored); null for any other.</summary>
    public static DocumentFormat? FormatOf(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "application/json" or "application/problem+json" => DocumentFormat.Json,
        "application/xml" or "text/xml" => DocumentFormat.Xml,
        _ => null,
    };

    /// <summary>415: the attest must be JSON or XML.</summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails UnsupportedMediaType() => HubProblems.SingleDocument(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE",
        "Stuur het attest als application/json of application/xml.", "Send the attest as application/json or application/xml.");

    /// <summary>413 with the document cap in the message.</summary>
    public static IResult TooLarge(IntakeLimits limits) => Results.Problem(TooLargeDocument(limits));

    /// <summary>The 413 document.</summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails TooLargeDocument(IntakeLimits limits) => HubProblems.SingleDocument(StatusCodes.Status413PayloadTooLarge, "DOCUMENT_TOO_LARGE",
        $"Het document is groter dan {limits.MaxDocumentBytes} bytes.", $"The document is larger than {limits.MaxDocumentBytes} bytes.");
}
