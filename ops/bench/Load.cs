using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace StatuutHub.Bench;

/// <summary>The load generator: closed loop (N clients, each sends the next request when its answer is in)
/// for saturation, open loop (requests at a fixed rate, latency from the scheduled time, so a slow answer
/// cannot hide the requests queued behind it) for latency at a given load.</summary>
public static class Load
{
    public static HttpClient Client(Uri baseAddress, string? key, int connections)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public static HttpContent Json(string body) => new StringContent(body, Encoding.UTF8, "application/json");

    public static HttpContent Soap(string envelope)
    {
        var content = new StringContent(envelope, Encoding.UTF8, "text/xml");
        content.Headers.Add("X-Soap", "1");
        return content;
    }

    /// <summary>Closed loop for <paramref name="seconds"/>: requests answered successfully per second.</summary>
    public static async Task<LoadRun> ClosedLoopAsync(HttpClient client, string path, Func<int, HttpContent> body, int concurrency, double seconds)
    {
        var stop = Stopwatch.StartNew();
        var latencies = new List<double>[concurrency];
        var ok = 0;
        var errors = 0;
        var sequence = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            latencies[worker] = [];
            while (stop.Elapsed.TotalSeconds < seconds)
            {
                var started = Stopwatch.GetTimestamp();
                if (await SendAsync(client, path, body(Interlocked.Increment(ref sequence))))
                {
                    Interlocked.Increment(ref ok);
                    latencies[worker].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        return new LoadRun(ok / stop.Elapsed.TotalSeconds, Percentiles.Of(latencies.SelectMany(l => l).ToList()), errors, stop.Elapsed.TotalSeconds);
    }

    /// <summary>Closed loop for exactly <paramref name="count"/> requests.</summary>
    public static async Task<LoadRun> CountedAsync(HttpClient client, string path, Func<int, HttpContent> body, int concurrency, int count)
    {
        var stop = Stopwatch.StartNew();
        var latencies = new double[count];
        var errors = 0;
        var sequence = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref sequence)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                if (!await SendAsync(client, path, body(i)))
                {
                    Interlocked.Increment(ref errors);
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        return new LoadRun((count - errors) / stop.Elapsed.TotalSeconds, Percentiles.Of([.. latencies]), errors, stop.Elapsed.TotalSeconds);
    }

    /// <summary>Open loop: request i is due at i / rate; its latency counts from then.</summary>
    public static async Task<LoadRun> OpenLoopAsync(HttpClient client, string path, Func<int, HttpContent> body, double rate, double seconds)
    {
        var total = (int)(rate * seconds);
        var latencies = new double[total];
        var errors = 0;
        var inFlight = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var n = i;
            inFlight.Add(Task.Run(async () =>
            {
                if (!await SendAsync(client, path, body(n)))
                {
                    Interlocked.Increment(ref errors);
                }

                latencies[n] = (clock.Elapsed - due).TotalMilliseconds;
            }));
        }

        await Task.WhenAll(inFlight);
        return new LoadRun((total - errors) / clock.Elapsed.TotalSeconds, Percentiles.Of([.. latencies]), errors, clock.Elapsed.TotalSeconds);
    }

    private static async Task<bool> SendAsync(HttpClient client, string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (content.Headers.Contains("X-Soap"))
        {
            content.Headers.Remove("X-Soap");
            request.Headers.Add("SOAPAction", "\"urn:be:statuuthub:soap:v1/SubmitAttest\"");
        }

        try
        {
            using var response = await client.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
