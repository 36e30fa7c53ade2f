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

    public static IApplicationBuilder UseRequestSizeLimit(this IApplicationBuilder app, long limit) => app.Use(async (http, next) =>
    {
        if (http.Request.ContentLength > limit)
        {
            await HubProblems.Single(StatusCodes.Status413PayloadTooLarge, "REQUEST_TOO_LARGE",
                $"Het verzoek is groter dan {limit} bytes.", $"The request is larger than {limit} bytes.").ExecuteAsync(http);
            return;
        }

        await next();
    });
}
