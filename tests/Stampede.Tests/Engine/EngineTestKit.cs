using Stampede.Engine;
using Stampede.Http;

namespace Stampede.Tests.Engine;

/// <summary>Helpers for engine tests: bodies that need no network, and a transport factory that refuses use.</summary>
internal static class EngineTestKit
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static RunnerOptions Options(TimeProvider time, Action<string, long>? pacer = null) => new()
    {
        Time = time,
        Transports = _ => new NoTransports(),
        PacerProgress = pacer,
    };

    public static TestPlan Plan(ExecutorConfig executor, Func<VirtualUser, CancellationToken, ValueTask> body) =>
        new TestPlanBuilder().Scenario("s", executor, body).Build();

    /// <summary>Waits for a semaphore <paramref name="count"/> times, failing the test if it takes too long.</summary>
    public static async Task WaitFor(SemaphoreSlim semaphore, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(await semaphore.WaitAsync(Patience), $"timed out waiting for signal {i + 1} of {count}");
        }
    }

    private sealed class NoTransports : IHttpTransportFactory
    {
        public long OpenConnections => 0;

        public IHttpTransport Create() => throw new InvalidOperationException("engine tests send no HTTP");

        public void Dispose()
        {
        }
    }
}
