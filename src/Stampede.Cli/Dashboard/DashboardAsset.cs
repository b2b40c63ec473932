namespace Stampede.Cli.Dashboard;

/// <summary>A file the dashboard serves from memory.</summary>
/// <param name="ContentType">Its media type with charset.</param>
/// <param name="Bytes">Its content.</param>
internal sealed record DashboardAsset(string ContentType, ReadOnlyMemory<byte> Bytes);
