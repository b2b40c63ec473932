namespace Stampede.DemoTarget.Timing;

/// <summary>
/// The timetable of <c>/api/stall</c>: time since the origin is cut into windows of <c>period</c> ticks, and
/// the first <c>pause</c> ticks of each window are frozen.
/// </summary>
internal static class StallSchedule
{
    /// <summary>
    /// The timestamp at which a request arriving at <paramref name="now"/> is answered: the end of the current
    /// pause, or <paramref name="now"/> itself outside a pause. All values are in the same timestamp ticks.
    /// </summary>
    public static long ReleaseAt(long now, long origin, long period, long pause)
    {
        var elapsed = now - origin;
        if (elapsed < 0)
        {
            return now;
        }

        var intoWindow = elapsed % period;
        return intoWindow < pause ? now - intoWindow + pause : now;
    }
}
