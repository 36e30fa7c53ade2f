using System.Text.Json;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Application.Inbox;

/// <summary>One reason an office can give for a refusal: its code, its words in the three languages, the rule it rests on and the day
/// from which it may be chosen.</summary>
public sealed record RefusalReason(string Code, string Nl, string Fr, string En, string Source, DateOnly ValidFrom)
{
    /// <summary>The reason in the language of <paramref name="lang"/> (<c>nl</c>, <c>fr</c> or <c>en</c>).</summary>
    public string In(string lang) => lang switch { "fr" => Fr, "en" => En, _ => Nl };
}

/// <summary>The refusal reasons of each kind of body (<c>refusal-reasons.json</c>; a row of kind <c>*</c> serves every body).</summary>
public sealed class RefusalReasons
{
    /// <summary>The code that asks for the office's own words.</summary>
    public const string Other = "OTHER";

    private readonly IReadOnlyList<(string Kind, RefusalReason Reason)> _rows;

    private RefusalReasons(IReadOnlyList<(string Kind, RefusalReason Reason)> rows) => _rows = rows;

    /// <summary>The reasons shipped with the hub.</summary>
    public static RefusalReasons LoadDefault()
    {
        using var stream = typeof(RefusalReasons).Assembly.GetManifestResourceStream("refusal-reasons.json")
            ?? throw new InvalidOperationException("refusal-reasons.json is not embedded.");
        using var document = JsonDocument.Parse(stream);
        return new RefusalReasons([.. document.RootElement.GetProperty("reasons").EnumerateArray().Select(r => (
            r.GetProperty("kind").GetString()!,
            new RefusalReason(r.GetProperty("code").GetString()!, r.GetProperty("nl").GetString()!, r.GetProperty("fr").GetString()!,
                r.GetProperty("en").GetString()!, r.GetProperty("source").GetString()!, DateOnly.Parse(r.GetProperty("validFrom").GetString()!, System.Globalization.CultureInfo.InvariantCulture))))]);
    }

    /// <summary>The reasons a body of <paramref name="kind"/> may choose on <paramref name="day"/>: its own first, then those of every body.</summary>
    public IReadOnlyList<RefusalReason> For(DestinationKind kind, DateOnly day) =>
        [.. _rows.Where(r => r.Kind == Destination.KindName(kind) && r.Reason.ValidFrom <= day).Select(r => r.Reason),
         .. _rows.Where(r => r.Kind == "*" && r.Reason.ValidFrom <= day).Select(r => r.Reason)];
}
