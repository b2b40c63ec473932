using System.Globalization;
using System.Net;

namespace Stampede.Cli.Dashboard;

/// <summary>
/// Where the dashboard listens: <c>HOST:PORT</c> (<c>127.0.0.1:5665</c>, <c>[::1]:5665</c>, <c>localhost:5665</c>,
/// <c>0.0.0.0:5665</c>), or a port alone on 127.0.0.1. Anything but loopback needs the access token.
/// </summary>
internal sealed record DashboardAddress(IPAddress Address, int Port)
{
    /// <summary>The default, k6's dashboard port on loopback.</summary>
    public const string Default = "127.0.0.1:5665";

    /// <summary>True when only this machine can reach the address.</summary>
    public bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <summary>Parses the value of <c>--dashboard</c> or <c>--listen</c>.</summary>
    /// <exception cref="InvalidInputException">Not <c>HOST:PORT</c> with an IP address (or localhost) and a port 0–65535.</exception>
    public static DashboardAddress Parse(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        string host, port;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= value.Length || value[close + 1] != ':')
            {
                throw Invalid(text, option);
            }

            host = value[1..close];
            port = value[(close + 2)..];
        }
        else
        {
            var colon = value.LastIndexOf(':');
            if (colon < 0)
            {
                (host, port) = ("127.0.0.1", value);
            }
            else if (value.IndexOf(':', StringComparison.Ordinal) != colon)
            {
                throw new InvalidInputException($"{option} '{text}': write an IPv6 address in brackets, e.g. [::1]:5665");
            }
            else
            {
                (host, port) = (value[..colon], value[(colon + 1)..]);
            }
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
        {
            throw Invalid(text, option);
        }

        IPAddress? address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed : null;
        return address is null
            ? throw new InvalidInputException($"{option} '{text}': '{host}' is not an IP address; give one the machine has, e.g. 127.0.0.1:5665 or 0.0.0.0:5665")
            : new DashboardAddress(address, number);
    }

    private static InvalidInputException Invalid(string text, string option) =>
        new($"{option} '{text}': write HOST:PORT with a port from 0 to 65535, e.g. {Default} or [::1]:5665" +
            (option == "--dashboard" ? "; put --dashboard after the scenario file or URL, or write --dashboard=HOST:PORT" : ""));

    /// <inheritdoc />
    public override string ToString() => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}
