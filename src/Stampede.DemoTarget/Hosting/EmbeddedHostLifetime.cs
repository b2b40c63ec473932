using Microsoft.Extensions.Hosting;

namespace Stampede.DemoTarget.Hosting;

/// <summary>
/// A host lifetime that does nothing. The default console lifetime would catch Ctrl+C and SIGTERM and print
/// "Application started" lines, but the demo target runs inside the CLI, which owns both the signals and the console.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
