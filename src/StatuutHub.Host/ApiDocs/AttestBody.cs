namespace StatuutHub.Host.ApiDocs;

/// <summary>Marks an endpoint whose body is an attest (contract v1 or v2, JSON or XML), so the API description names the
/// contracts as its request body.</summary>
public sealed class AttestBody
{
    public static readonly AttestBody Instance = new();
}

/// <summary>Marks an endpoint that reads its body itself, in these media types (described, not enforced: the endpoint
/// answers an unexpected type with its own problem or fault, which <c>Accepts</c> would pre-empt with a bare 415).</summary>
public sealed record RawBody(string Description, params string[] ContentTypes);

public static class AttestBodyExtensions
{
    /// <summary>The body is an attest document (JSON or XML, contract v1 or v2).</summary>
    public static RouteHandlerBuilder AcceptsAttest(this RouteHandlerBuilder builder) => builder.WithMetadata(AttestBody.Instance);

    /// <summary>The body is read by the endpoint itself, in these media types.</summary>
    public static RouteHandlerBuilder AcceptsRaw(this RouteHandlerBuilder builder, string description, params string[] contentTypes) =>
        builder.WithMetadata(new RawBody(description, contentTypes));

    /// <summary>Tag, summary and the problem answers this endpoint gives itself (401, 403, 429 are added for every secured one).</summary>
    public static RouteHandlerBuilder Described(this RouteHandlerBuilder builder, string tag, string summary, params int[] problems)
    {
        builder.WithTags(tag).WithSummary(summary);
        foreach (var status in problems)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}
