using System.Net.Http.Headers;
using System.Text;

namespace StatuutHub.Delivery.Adapters;

/// <summary>What an agency answered to one HTTP call: the status line, the headers and the body (cut at
/// <see cref="AgencyExchanges.MaxBodyLength"/> characters), as support staff read it on the delivery's page.</summary>
public sealed record AgencyExchange(int Status, string? Reason, string Headers, string Body)
{
    /// <summary>The answer as text: status line, headers, a blank line, the body.</summary>
    public override string ToString() => $"HTTP {Status} {Reason}\n{Headers}\n{Body}";
}

/// <summary>Collects the agencies' answers to the calls made while a recording is open, so the dispatcher can keep what the
/// agency said with the attempt. The recording flows with the async call (an <see cref="AsyncLocal{T}"/>, as an
/// <see cref="System.Diagnostics.Activity"/> does), so the adapters stay unaware of it and each delivery sent in parallel has
/// its own.</summary>
public static class AgencyExchanges
{
    /// <summary>The longest body kept (a receipt or an error page is far shorter; a longer answer is cut).</summary>
    public const int MaxBodyLength = 4_000;

    private static readonly AsyncLocal<Recording?> Current = new();

    /// <summary>Opens a recording for the calls made from here on in this async flow.</summary>
    public static Recording Record() => Current.Value = new Recording();

    internal static void Add(AgencyExchange exchange) => Current.Value?.Add(exchange);

    internal static bool IsRecording => Current.Value is not null;

    /// <summary>The answers of one attempt, in the order they came (a quick retry inside the attempt adds one).</summary>
    public sealed class Recording
    {
        private readonly List<AgencyExchange> _answers = [];
        private readonly Lock _gate = new();

        /// <summary>The last answer, or null when no answer came (refused, reset, timed out).</summary>
        public AgencyExchange? Last
        {
            get
            {
                lock (_gate)
                {
                    return _answers.Count == 0 ? null : _answers[^1];
                }
            }
        }

        internal void Add(AgencyExchange exchange)
        {
            lock (_gate)
            {
                _answers.Add(exchange);
            }
        }
    }
}

/// <summary>The outermost handler of every agency's HttpClient: when a recording is open it keeps the answer's status,
/// headers (never a cookie) and body.</summary>
public sealed class AgencyExchangeRecorder : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (AgencyExchanges.IsRecording)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            AgencyExchanges.Add(new AgencyExchange((int)response.StatusCode, response.ReasonPhrase, HeaderLines(response.Headers, response.Content.Headers),
                body.Length > AgencyExchanges.MaxBodyLength ? body[..AgencyExchanges.MaxBodyLength] + "…" : body));
        }

        return response;
    }

    private static string HeaderLines(HttpResponseHeaders headers, HttpContentHeaders content)
    {
        var lines = new StringBuilder();
        foreach (var (name, values) in headers.Concat(content))
        {
            if (!name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
            {
                lines.Append(name).Append(": ").AppendJoin(", ", values).Append('\n');
            }
        }

        return lines.ToString();
    }
}
