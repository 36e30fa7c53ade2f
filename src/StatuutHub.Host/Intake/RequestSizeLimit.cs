using StatuutHub.Host.Problems;

namespace StatuutHub.Host.Intake;

/// <summary>One cap on every request body (<c>Kestrel:Limits:MaxRequestBodySize</c>, 1 MiB unless set):
/// a declared length above it is answered 413 before anything reads the body; a body sent without a
/// length is cut off by Kestrel at the same size. The attest intake has its own, smaller cap.</summary>
public static class RequestSizeLimit
{
    public const long DefaultBytes = 1024 * 1024;

    public static long Configured(IConfiguration configuration) =>
        configuration.GetValue<long?>("Kestrel:Limits:MaxRequestBodySize") ?? DefaultBytes;

    public static void AddRequestSizeLimit(this WebApplicationBuilder builder)
    {
        var limit = Configured(builder.Configuration);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = limit);
    }

    /// <summary>How much of a refused body is read and thrown away so the client that sends it whole before reading the answer
    /// (no <c>Expect: 100-continue</c>) gets its 413 instead of a reset connection; a larger body still ends in a reset.</summary>
    public const long DrainBytes = 64L * 1024 * 1024;

    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app, long limit) => app.Use(async (http, next) =>
    {
        if (http.Request.ContentLength > limit)
        {
            await HubProblems.Single(StatusCodes.Status413PayloadTooLarge, "REQUEST_TOO_LARGE",
                $"Het verzoek is groter dan {limit} bytes.", $"The request is larger than {limit} bytes.").ExecuteAsync(http);
            await http.Response.CompleteAsync();
            await DrainAsync(http);
            return;
        }

        await next();
    });

    private static async Task DrainAsync(HttpContext http)
    {
        if (http.Request.ContentLength > DrainBytes || http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is not { IsReadOnly: false } size)
        {
            return;
        }

        size.MaxRequestBodySize = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var buffer = new byte[81920];
        try
        {
            while (await http.Request.Body.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            // The client went away or was too slow: the connection closes, as it would have.
        }
    }
}
