using System.Net;

namespace Stampede.DemoTarget.Hosting;

/// <summary>One validated listen address: an IP, or <see langword="null"/> for <c>localhost</c> (both loopbacks).</summary>
internal readonly record struct ListenEndpoint(IPAddress? Address, int Port);
