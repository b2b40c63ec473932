namespace Stampede.Cli.Dashboard;

/// <summary>A dashboard request that cannot be done as asked: answered with <see cref="Status"/> and the message.</summary>
internal sealed class DashboardRequestException(int status, string message) : Exception(message)
{
    /// <summary>The HTTP status to answer with (400 bad value, 409 not in this state).</summary>
    public int Status { get; } = status;
}
