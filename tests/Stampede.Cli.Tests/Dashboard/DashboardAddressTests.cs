using System.Net;
using Stampede.Cli.Dashboard;

namespace Stampede.Cli.Tests.Dashboard;

public sealed class DashboardAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:5665", "127.0.0.1", 5665, true)]
    [InlineData("localhost:8089", "127.0.0.1", 8089, true)]
    [InlineData("[::1]:5665", "::1", 5665, true)]
    [InlineData("0.0.0.0:5665", "0.0.0.0", 5665, false)]
    [InlineData("[::]:0", "::", 0, false)]
    [InlineData("5666", "127.0.0.1", 5666, true)]
    [InlineData("10.1.2.3:80", "10.1.2.3", 80, false)]
    public void Parse_ValidAddress_GivesAddressPortAndWhetherLoopback(string text, string address, int port, bool loopback)
    {
        var parsed = DashboardAddress.Parse(text, "--dashboard");

        Assert.Equal(IPAddress.Parse(address), parsed.Address);
        Assert.Equal(port, parsed.Port);
        Assert.Equal(loopback, parsed.IsLoopback);
    }

    [Theory]
    [InlineData("127.0.0.1:99999", "port from 0 to 65535")]
    [InlineData("127.0.0.1:", "port from 0 to 65535")]
    [InlineData("example.com:5665", "'example.com' is not an IP address")]
    [InlineData("samples/demo.yaml", "port from 0 to 65535")]
    [InlineData("::1:5665", "IPv6 address in brackets")]
    [InlineData("[::1]5665", "port from 0 to 65535")]
    public void Parse_InvalidAddress_SaysTheRule(string text, string message)
    {
        var error = Assert.Throws<InvalidInputException>(() => DashboardAddress.Parse(text, "--dashboard"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("--dashboard '", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_NonLoopbackAddress_MakesADistinctUrlSafeTokenEachTime()
    {
        var address = DashboardAddress.Parse("0.0.0.0:5665", "--listen");

        var first = DashboardAccess.For(address).Token;
        var second = DashboardAccess.For(address).Token;

        Assert.NotNull(first);
        Assert.NotEqual(first, second);
        Assert.Equal(43, first!.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", first);
        Assert.Null(DashboardAccess.For(DashboardAddress.Parse("127.0.0.1:5665", "--listen")).Token);
    }
}
