using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Delivery.Resilience;

/// <summary>One Polly pipeline per destination (so mutualiteit 100 failing does not open the circuit
/// for mutualiteit 300), built by <see cref="GuardedPipeline.Build"/>.</summary>
public sealed class DestinationPipelines : IDisposable
{
    private readonly IOptionsMonitor<DestinationOptions> _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, GuardedPipeline> _pipelines = new(StringComparer.Ordinal);

    public DestinationPipelines(IOptionsMonitor<DestinationOptions> options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    /// <summary>The pipeline of one destination, built on first use.</summary>
    public ResiliencePipeline For(Destination destination) =>
        _pipelines.GetOrAdd(destination.Id, _ => Build(destination)).Pipeline;

    /// <summary>The circuit state of every destination that has been called, for health and the dashboard.</summary>
    public IReadOnlyDictionary<string, CircuitState> CircuitStates() =>
        _pipelines.ToDictionary(p => p.Key, p => p.Value.Circuit.CircuitState, StringComparer.Ordinal);

    /// <summary>True for failures that say nothing final about the message: try again later.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        DeliveryFailedException failed => failed.Transient,
        TimeoutRejectedException => true,
        HttpRequestException => true,
        _ => false,
    };

    private GuardedPipeline Build(Destination destination) => GuardedPipeline.Build(destination.Id, _options.Get(Destination.KindName(destination.Kind)), _time);

    public void Dispose()
    {
        foreach (var entry in _pipelines.Values)
        {
            entry.Rate.Dispose();
        }
    }
}

/// <summary>One built pipeline with its circuit (for health and the dashboard) and its rate limiter (disposed with it):
/// rate limiter → concurrency limiter → circuit breaker → quick retry → attempt timeout, from a destination's settings.</summary>
public sealed record GuardedPipeline(ResiliencePipeline Pipeline, CircuitBreakerStateProvider Circuit, RateLimiter Rate)
{
    /// <summary>Builds the pipeline named <paramref name="name"/> with <paramref name="o"/>'s limits.</summary>
    public static GuardedPipeline Build(string name, DeliveryLimits o, TimeProvider time)
    {
        var shouldHandle = new PredicateBuilder().Handle<Exception>(DestinationPipelines.IsTransient);
        var circuit = new CircuitBreakerStateProvider();
        var rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.RateLimitPerSecond,
            TokensPerPeriod = o.RateLimitPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        var builder = new ResiliencePipelineBuilder { Name = name, TimeProvider = time }
            .AddRateLimiter(rate)
            .AddConcurrencyLimiter(o.MaxConcurrency, queueLimit: 10_000)
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = shouldHandle,
                FailureRatio = o.CircuitFailureRatio,
                MinimumThroughput = o.CircuitMinimumThroughput,
                SamplingDuration = o.CircuitSamplingDuration,
                BreakDuration = o.CircuitBreakDuration,
                StateProvider = circuit,
            });
        if (o.QuickRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = shouldHandle,
                MaxRetryAttempts = o.QuickRetries,
                Delay = o.QuickRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        builder.AddTimeout(o.AttemptTimeout);
        return new GuardedPipeline(builder.Build(), circuit, rate);
    }
}
