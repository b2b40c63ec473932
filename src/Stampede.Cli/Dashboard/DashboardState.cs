namespace Stampede.Cli.Dashboard;

/// <summary>Where a dashboard session stands.</summary>
internal enum DashboardState
{
    /// <summary>No test yet (or reset): the start form.</summary>
    Idle,

    /// <summary>A test is running.</summary>
    Running,

    /// <summary>Stop was asked; in-flight iterations are finishing.</summary>
    Stopping,

    /// <summary>The test ended; its result stays until reset.</summary>
    Finished,
}
