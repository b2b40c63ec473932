using Stampede.DemoTarget;

namespace Stampede.Cli.Tests;

/// <summary>One demo target on a free loopback port, shared by the end-to-end tests.</summary>
public sealed class DemoTargetFixture : IAsyncLifetime
{
    private DemoTargetServer? _server;

    public Uri BaseUrl => _server!.BaseUrl;

    public async Task InitializeAsync() =>
        _server = await DemoTargetServer.StartAsync(new DemoTargetOptions { Urls = ["http://127.0.0.1:0"] });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>End-to-end tests measure time: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEnd : ICollectionFixture<DemoTargetFixture>
{
    public const string Name = "end-to-end";
}
