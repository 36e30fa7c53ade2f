using System.Text;
using StatuutHub.Application.Acks;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Acks;

/// <summary>An agency's decision taken in, from whichever channel brought it (the ack endpoint, the decisions queue): read in the
/// agency's own format by its adapter and applied through <see cref="AgencyDecisions"/>. The channel proves who sent it (a key, a
/// seal) before it calls this; what comes back is one answer the channel translates into its own (an HTTP status, a settlement).</summary>
public sealed class DecisionIntake(DestinationAdapters adapters, AgencyDecisions decisions, TimeProvider time)
{
    /// <summary>Whether <paramref name="agency"/> is one the hub knows (has an adapter for).</summary>
    public bool Knows(string agency) => adapters.Find(agency) is not null;

    /// <summary>Reads the decision in <paramref name="body"/> and applies it.</summary>
    public async Task<DecisionTaken> TakeAsync(string agency, string contentType, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (adapters.Find(agency) is not { } adapter)
        {
            return DecisionTaken.Refused(null, "UNKNOWN_AGENCY", $"Onbekende instantie '{agency}'.", $"Unknown agency '{agency}'.");
        }

        AgencyDecision decision;
        try
        {
            decision = adapter.ParseDecision(contentType, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Span));
        }
        catch (DecoderFallbackException)
        {
            return DecisionTaken.Refused(null, "ACK_UNREADABLE", "De beslissing is geen geldige UTF-8.", "The decision is not valid UTF-8.");
        }
        catch (FormatException ex)
        {
            return DecisionTaken.Refused(null, "ACK_UNREADABLE", "De beslissing kon niet gelezen worden.", ex.Message);
        }

        var id = decision.MessageId;
        return await decisions.ApplyAsync(decision.ToAck(adapter.Kind, time.GetUtcNow()), ct) switch
        {
            AckOutcome.Applied => DecisionTaken.Done(id, "applied"),
            AckOutcome.Noted => DecisionTaken.Done(id, "noted"),
            AckOutcome.Duplicate => DecisionTaken.Done(id, "duplicate"),
            AckOutcome.UnknownMessage => DecisionTaken.Refused(id, "UNKNOWN_MESSAGE", $"Geen bericht met id {id}.", $"No message with id {id}."),
            AckOutcome.WrongAgency => DecisionTaken.Refused(id, "NOT_YOUR_DELIVERY",
                "Dit bericht is niet aan deze instantie gericht.", $"Message {id} was not addressed to {agency}."),
            _ => DecisionTaken.Refused(id, "DECISION_CONFLICT",
                "Voor dit bericht is al een andere beslissing geregistreerd.", $"A different decision was already recorded for message {id}."),
        };
    }
}

/// <summary>What became of a decision: taken (<see cref="Outcome"/> applied, noted or duplicate) or refused with a problem code and
/// its Dutch and English text.</summary>
public sealed record DecisionTaken(Guid? MessageId, string? Outcome, string? Code, string Dutch, string English)
{
    public static DecisionTaken Done(Guid messageId, string outcome) => new(messageId, outcome, null, string.Empty, string.Empty);

    public static DecisionTaken Refused(Guid? messageId, string code, string dutch, string english) => new(messageId, null, code, dutch, english);
}
