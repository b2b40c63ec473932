namespace Stampede.DemoTarget.Tests.TestSupport;

/// <summary>One plain-HTTP demo target on 127.0.0.1 port 0 shared by the tests of a class.</summary>
public sealed class DemoTargetFixture : IAsyncLifetime
{
    public DemoTargetServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestHttp.StartLoopbackAsync();
        Client = TestHttp.CreateClient(Server.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
