using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StatuutHub.Application.Intake;
using StatuutHub.Broker;
using StatuutHub.Host.Intake;
using StatuutHub.Host.Problems;
using StatuutHub.Host.Security;
using StatuutHub.Validation;

namespace StatuutHub.Host.Broker;

/// <summary>Attests dropped on the intake queue (<c>Broker:IntakeQueue</c>, off unless named): each is authenticated with the
/// initiative's own API key (application property <c>statuut-key</c>, the key it uses over REST), validated and accepted by the
/// same use case as <c>POST /api/v1/attests</c>, and answered on the initiative's own reply queue, which <c>reply-to</c> must name
/// (<see cref="ReplyQueueOf"/>), with the request's <c>correlation-id</c> (else its <c>message-id</c>): the REST answer's JSON, and
/// its HTTP status in property <c>status</c>. An unauthenticated attest, or one naming another reply queue, is dead-lettered unanswered.
/// A redelivered attest is recognised by its id, so it is stored once and answered again.</summary>
public sealed class IntakeQueueReceiver(
    IBrokerTransport broker,
    AttestIntake intake,
    CredentialDirectory credentials,
    IntakeLimits limits,
    IOptions<BrokerOptions> options,
    TimeProvider time,
    ILogger<IntakeQueueReceiver> logger) : QueueConsumer(broker, options.Value, time, logger)
{
    /// <summary>The application property carrying the initiative's API key.</summary>
    public const string KeyProperty = "statuut-key";

    /// <summary>The application property of a reply carrying the HTTP status the same answer has over REST.</summary>
    public const string StatusProperty = "status";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    protected override string? QueueName => string.IsNullOrWhiteSpace(options.Value.IntakeQueue) ? null : options.Value.IntakeQueue;

    /// <summary>Where an initiative's answers go: its own reply queue, <c>{IntakeQueue}.replies.{kbo}</c>.</summary>
    public static string ReplyQueueOf(string intakeQueue, string initiativeKbo) => $"{intakeQueue}.replies.{initiativeKbo}";

    /// <inheritdoc />
    protected override async Task<QueueSettlement> HandleAsync(QueueMessage message, CancellationToken ct)
    {
        if (message.ReplyTo is not { Length: > 0 } replyTo)
        {
            return QueueSettlement.DeadLetter("REPLY_TO_MISSING", "An attest on the intake queue needs reply-to: the queue its answer goes to.");
        }

        // Only an authenticated initiative is answered, and only on its own reply queue: the hub is nobody's relay to another queue.
        if (message.Property(KeyProperty) is not { } key || credentials.FindByKey(key) is not { Kind: CallerKind.Initiative } caller)
        {
            return QueueSettlement.DeadLetter("NOT_AUTHENTICATED", $"No initiative's API key in application property {KeyProperty}: not answered.");
        }

        if (replyTo != ReplyQueueOf(QueueName!, caller.Name))
        {
            return QueueSettlement.DeadLetter("REPLY_TO_NOT_YOURS", "An initiative's answers go to its own reply queue ({intake queue}.replies.{its KBO number}): not answered.");
        }

        var (status, answer) = await AnswerAsync(message, caller, ct);
        var reply = new QueueMessage
        {
            Body = JsonSerializer.SerializeToUtf8Bytes(answer, answer.GetType(), Json),
            ContentType = status < 300 ? "application/json" : "application/problem+json",
            MessageId = Guid.NewGuid().ToString("D"),
            CorrelationId = message.CorrelationId ?? message.MessageId,
            Properties = new Dictionary<string, object?> { [StatusProperty] = status },
        };
        await Transport.SendAsync(replyTo, reply, ct);
        return QueueSettlement.Complete;
    }

    private async Task<(int Status, object Answer)> AnswerAsync(QueueMessage message, HubCaller caller, CancellationToken ct)
    {
        if (RequestBody.FormatOf(message.ContentType) is not { } format)
        {
            return Problem(RequestBody.UnsupportedMediaType());
        }

        var body = message.Body;
        if (body.Length > limits.MaxDocumentBytes)
        {
            return Problem(RequestBody.TooLargeDocument(limits));
        }

        return await intake.SubmitAsync(IncomingAttest.Document(body, format), caller.AsRequester(), "amqp", ct) switch
        {
            IntakeResult.Accepted accepted => (StatusCodes.Status202Accepted, AcceptedAnswer.From(accepted)),
            IntakeResult.Invalid invalid => Problem(HubProblems.InvalidDocument(invalid.Problems)),
            IntakeResult.Refused refused => Problem(HubProblems.RefusedDocument(refused.Refusal)),
            var other => throw new InvalidOperationException($"Unknown intake result {other}."),
        };
    }

    private static (int, object) Problem(ProblemDetails problem) => (problem.Status ?? StatusCodes.Status400BadRequest, problem);
}
