using System.Runtime.CompilerServices;
using Stampede.Engine;
using Stampede.Metrics;

namespace Stampede.Http;

/// <summary>Sends requests on behalf of a VU and records them.</summary>
public static class HttpSteps
{
    private static readonly Func<HttpRequestDefinition, TagSet, TagSet> RequestTags = static (request, scenarioTags) =>
        scenarioTags.With("name", request.Name).With("method", request.Method.Method);

    /// <summary>
    /// Sends <paramref name="request"/> with the VU's transport and records the sample (response time
    /// from the intended start in the open model). Failures are recorded and returned, never thrown.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<HttpExchange> SendAsync(this VirtualUser vu, HttpRequestDefinition request, CancellationToken cancellationToken)
    {
        var seriesId = Begin(vu, request);
        var exchange = await vu.Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        Record(vu, request, seriesId, exchange);
        return exchange;
    }

    /// <summary>
    /// The synchronous first half of <see cref="SendAsync"/>: counts the request as started and returns
    /// its series. Callers that await the transport themselves (one state machine fewer per request)
    /// pair it with <see cref="Record"/>.
    /// </summary>
    internal static int Begin(VirtualUser vu, HttpRequestDefinition request)
    {
        ArgumentNullException.ThrowIfNull(vu);
        ArgumentNullException.ThrowIfNull(request);
        var seriesId = vu.SeriesFor(request, RequestTags);
        vu.Recorder.RequestStarted();
        return seriesId;
    }

    /// <summary>The second half of <see cref="SendAsync"/>: records the finished exchange.</summary>
    internal static void Record(VirtualUser vu, HttpRequestDefinition request, int seriesId, in HttpExchange exchange)
    {
        var recorder = vu.Recorder;
        if (exchange.Error == ErrorKind.Cancelled)
        {
            recorder.RecordInterrupted();
            return;
        }

        var error = exchange.Error != ErrorKind.None ? exchange.Error : StatusError(request, exchange.Status);
        var message = exchange.ErrorMessage;
        var sample = new Sample(seriesId, vu.TakeIntendedStart(exchange.Start), exchange.Start, exchange.End, exchange.Status,
            error, exchange.BytesSent, exchange.BytesReceived, exchange.Phases);
        recorder.Record(in sample, message ?? (error == ErrorKind.None ? null : StatusMessage(exchange.Status)));
    }

    private static ErrorKind StatusError(HttpRequestDefinition request, int status)
    {
        if (request.ExpectedStatuses is { } expected)
        {
            foreach (var s in expected)
            {
                if (s == status)
                {
                    return ErrorKind.None;
                }
            }

            // A status the request did not expect: 4xx/5xx keep their class; an unexpected 2xx/3xx is a
            // well-formed answer, not a protocol violation.
            return ErrorKinds.FromStatus(status) is var kind && kind != ErrorKind.None ? kind : ErrorKind.Other;
        }

        return ErrorKinds.FromStatus(status);
    }

    private static readonly string[] StatusMessages = BuildStatusMessages();

    private static string StatusMessage(int status) =>
        status is >= 100 and < 600 ? StatusMessages[status] : $"HTTP {status}";

    private static string[] BuildStatusMessages()
    {
        var messages = new string[600];
        for (var i = 100; i < 600; i++)
        {
            messages[i] = $"HTTP {i}";
        }

        return messages;
    }
}

/// <summary>An iteration body that sends a fixed list of requests in order.</summary>
public sealed class HttpFlow : IIterationBody
{
    /// <summary>Creates the flow.</summary>
    public HttpFlow(IReadOnlyList<HttpRequestDefinition> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        Requests = requests;
    }

    /// <summary>The requests, sent in order in every iteration.</summary>
    public IReadOnlyList<HttpRequestDefinition> Requests { get; }

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunAsync(VirtualUser vu, CancellationToken cancellationToken)
    {
        // Indexing, not foreach: an enumerator over IReadOnlyList<T> is boxed, an allocation per iteration.
        // The transport is awaited here rather than through HttpSteps.SendAsync: one state machine fewer
        // between the socket and the VU loop, on every request.
        var requests = Requests;
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            var seriesId = HttpSteps.Begin(vu, request);
            var exchange = await vu.Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            HttpSteps.Record(vu, request, seriesId, exchange);
            if (exchange.Error == ErrorKind.Cancelled)
            {
                return;
            }
        }
    }
}
