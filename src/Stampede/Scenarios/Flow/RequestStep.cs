using System.Net;
using System.Runtime.CompilerServices;
using Stampede.Http;
using Stampede.Metrics;

namespace Stampede.Scenarios.Flow;

/// <summary>
/// <c>request</c>: sends one request, records it under its name (never one series per rendered URL), keeps
/// the VU's cookies, then runs its checks and extractors on the response.
/// </summary>
internal sealed class RequestStep : Step
{
    private static readonly Func<RequestStep, TagSet, TagSet> SeriesTags = static (step, scenarioTags) => step.TagsFor(scenarioTags);

    private readonly TagSet _tags;

    public RequestStep(string path, RequestTemplate request, Check[] checks, Extractor[] extractors, string group, TagSet tags)
        : base(path)
    {
        Request = request;
        Checks = checks;
        Extractors = extractors;
        Group = group;
        _tags = tags;
        foreach (var check in checks)
        {
            check.Group = group;
        }
    }

    public RequestTemplate Request { get; }

    public Check[] Checks { get; }

    public Extractor[] Extractors { get; }

    public string Group { get; }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<bool> RunAsync(FlowState state, CancellationToken cancellationToken)
    {
        var vu = state.Vu;
        if (Request.Render(state, out var error) is not { } request)
        {
            vu.Recorder.RecordError(ErrorKind.Other, $"{Request.Name}: {error}");
            state.Observer?.OnStep(Path, $"{Request.Name}: {error}");
            return true;
        }

        var seriesId = vu.SeriesFor(this, SeriesTags);
        vu.Recorder.RequestStarted();
        var exchange = await vu.Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        HttpSteps.Record(vu, request, seriesId, exchange);
        if (exchange.Error == ErrorKind.Cancelled)
        {
            return false;
        }

        state.Last = exchange;
        state.LastUrl = request.Url;
        if (state.Cookies is { } jar && exchange.Headers is { } headers)
        {
            KeepCookies(jar, request.Url, headers);
        }

        ResponseSteps.Run(Path, request, exchange, Checks, Extractors, state);
        return true;
    }

    private static void KeepCookies(CookieContainer jar, Uri url, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            if (!headers[i].Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            try
            {
                jar.SetCookies(url, headers[i].Value);
            }
            catch (CookieException)
            {
                // A malformed Set-Cookie is the server's problem; browsers ignore it too.
            }
        }
    }

    private TagSet TagsFor(TagSet scenarioTags)
    {
        var tags = scenarioTags;
        foreach (var (key, value) in _tags.Tags)
        {
            tags = tags.With(key, value);
        }

        tags = tags.With("name", Request.Name).With("method", Request.Method.Method);
        return Group.Length > 0 ? tags.With("group", Group) : tags;
    }
}

/// <summary>Checks and extractors on a response, shared by request steps and standalone check/extract steps.</summary>
internal static class ResponseSteps
{
    public static void Run(string path, HttpRequestDefinition? request, in HttpExchange exchange, Check[] checks, Extractor[] extractors, FlowState state)
    {
        var observer = state.Observer;
        List<CheckOutcome>? outcomes = observer is null ? null : [];
        foreach (var check in checks)
        {
            var passed = check.Run(exchange, state, out var observed);
            outcomes?.Add(new CheckOutcome(check.Name, passed, observed));
        }

        List<KeyValuePair<string, string?>>? extracted = observer is null ? null : [];
        foreach (var extractor in extractors)
        {
            var value = extractor.Run(exchange, state);
            extracted?.Add(new(extractor.Variable, value));
        }

        if (observer is null)
        {
            return;
        }

        if (request is not null)
        {
            observer.OnRequest(path, request, exchange, outcomes!, extracted!);
        }
        else
        {
            observer.OnChecks(path, outcomes!, extracted!);
        }
    }
}

/// <summary>Standalone <c>check</c> / <c>extract</c>: applied to the iteration's last response.</summary>
internal sealed class ResponseStep(string path, Check[] checks, Extractor[] extractors) : Step(path)
{
    public Check[] Checks { get; } = checks;

    public Extractor[] Extractors { get; } = extractors;

    public override ValueTask<bool> RunAsync(FlowState state, CancellationToken cancellationToken)
    {
        ResponseSteps.Run(Path, null, state.Last, Checks, Extractors, state);
        return new ValueTask<bool>(true);
    }
}
