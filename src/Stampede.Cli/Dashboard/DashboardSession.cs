using Microsoft.AspNetCore.Http;
using Stampede.Engine;
using Stampede.Results;

namespace Stampede.Cli.Dashboard;

/// <summary>
/// The test the dashboard shows and steers. Two modes: <b>watch</b> — a run started by <c>stampede run</c> or
/// <c>attack</c> with <c>--dashboard</c>, which the page can change (when its scenarios are controllable) and stop;
/// <b>control</b> — <c>stampede dashboard</c>, where the page starts tests from a template plan (the scenarios' flows),
/// changes users or rate while they run, stops them and resets for the next. Thread-safe: the web server calls it
/// from many requests at once.
/// </summary>
internal sealed class DashboardSession : IDisposable
{
    private static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);
    private const int MaxUsers = 100_000;

    private readonly Lock _gate = new();
    private readonly TestPlan _template;
    private readonly Func<IReadOnlyList<ISink>> _sinks;
    private readonly string _command;
    private readonly CancellationTokenSource _shutdown = new();
    private Runner? _runner;
    private TestPlan? _plan;
    private Task<RunResult>? _run;
    private RunResult? _final;
    private string? _failure;
    private DashboardState _state;
    private DashboardStart? _started;
    private int _runNumber;

    private DashboardSession(TestPlan template, bool control, Func<IReadOnlyList<ISink>> sinks, string command)
    {
        _template = template;
        IsControl = control;
        _sinks = sinks;
        _command = command;
    }

    /// <summary>True for <c>stampede dashboard</c> (the page starts tests); false when it watches a run.</summary>
    public bool IsControl { get; }

    /// <summary>What the tests run: the template's scenarios.</summary>
    public TestPlan Template => _template;

    /// <summary>Where the session stands.</summary>
    public DashboardState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Counts the runs of this session; the page starts its charts over when it changes.</summary>
    public int RunNumber
    {
        get
        {
            lock (_gate)
            {
                return _runNumber;
            }
        }
    }

    /// <summary>Why the last run failed to start or broke off, if it did.</summary>
    public string? Failure
    {
        get
        {
            lock (_gate)
            {
                return _failure;
            }
        }
    }

    /// <summary>How the current or last test was started from the page (control mode).</summary>
    public DashboardStart? Started
    {
        get
        {
            lock (_gate)
            {
                return _started;
            }
        }
    }

    /// <summary>The plan of the current or last run; the template before the first.</summary>
    public TestPlan Plan
    {
        get
        {
            lock (_gate)
            {
                return _plan ?? _template;
            }
        }
    }

    /// <summary>The runner of the current or last run; null before the first.</summary>
    public Runner? Runner
    {
        get
        {
            lock (_gate)
            {
                return _runner;
            }
        }
    }

    /// <summary>A session that shows <paramref name="runner"/>, which the caller runs and hands over with <see cref="Attach"/>.</summary>
    public static DashboardSession Watch(TestPlan plan, Runner runner)
    {
        var session = new DashboardSession(plan, control: false, () => [], "");
        session._runner = runner;
        session._plan = plan;
        session._runNumber = 1;
        return session;
    }

    /// <summary>A session whose page starts tests of <paramref name="template"/>'s scenarios; each run gets fresh <paramref name="sinks"/>.</summary>
    public static DashboardSession Control(TestPlan template, Func<IReadOnlyList<ISink>> sinks, string command) =>
        new(template, control: true, sinks, command);

    /// <summary>Watch mode: the run of the runner given to <see cref="Watch"/> has started.</summary>
    public void Attach(Task<RunResult> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            _run = run;
            _state = DashboardState.Running;
        }

        _ = Follow(run);
    }

    /// <summary>Starts a test (control mode, nothing running).</summary>
    /// <exception cref="DashboardRequestException">Watch mode, a test running, or a bad value.</exception>
    public void Start(DashboardStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (!IsControl)
        {
            throw new DashboardRequestException(StatusCodes.Status409Conflict, "this dashboard watches a run started from the command line; it cannot start another");
        }

        var plan = PlanFor(_template, start);
        lock (_gate)
        {
            if (_state is DashboardState.Running or DashboardState.Stopping)
            {
                throw new DashboardRequestException(StatusCodes.Status409Conflict, "a test is running: stop it first");
            }

            Runner runner;
            try
            {
                runner = new Runner(plan, new RunnerOptions { Sinks = _sinks(), Command = _command, WarmUp = true });
            }
            catch (InvalidInputException ex)
            {
                throw new DashboardRequestException(StatusCodes.Status400BadRequest, ex.Message);
            }

            if (start.Model == "users")
            {
                SetUsers(runner.VuControls, start.Users!.Value, start.SpawnRate);
            }

            _runner = runner;
            _plan = plan;
            _final = null;
            _failure = null;
            _started = start;
            _runNumber++;
            _state = DashboardState.Running;
            _run = Task.Run(() => runner.RunAsync(_shutdown.Token));
            _ = Follow(_run);
        }
    }

    /// <summary>Changes the running test's users (and spawn rate) or arrival rate, shared evenly among its controllable scenarios.</summary>
    /// <exception cref="DashboardRequestException">Nothing running, nothing of that kind to control, or a bad value.</exception>
    public void Change(DashboardChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Runner runner;
        lock (_gate)
        {
            if (_state != DashboardState.Running || _runner is null)
            {
                throw new DashboardRequestException(StatusCodes.Status409Conflict, "no test is running");
            }

            runner = _runner;
        }

        if (change.Users is null && change.Rate is null)
        {
            throw new DashboardRequestException(StatusCodes.Status400BadRequest, "give users (with an optional spawnRate) or rate");
        }

        if (change.Users is { } users)
        {
            CheckUsers(users, change.SpawnRate);
            if (runner.VuControls.Count == 0)
            {
                throw new DashboardRequestException(StatusCodes.Status409Conflict,
                    "this test's users cannot be changed: none of its scenarios is externally-controlled");
            }

            SetUsers(runner.VuControls, users, change.SpawnRate);
        }

        if (change.Rate is { } rate)
        {
            CheckRate(rate, allowZero: true);
            if (runner.RateControls.Count == 0)
            {
                throw new DashboardRequestException(StatusCodes.Status409Conflict,
                    "this test's rate cannot be changed: none of its scenarios is constant-arrival-rate");
            }

            var controls = runner.RateControls;
            foreach (var control in controls)
            {
                control.SetRate(rate / controls.Count);
            }
        }
    }

    /// <summary>Stops the running test: iterations in flight get their graceful stop. Does nothing when none runs.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_state != DashboardState.Running || _runner is null)
            {
                return;
            }

            _state = DashboardState.Stopping;
            _runner.Stop();
        }
    }

    /// <summary>Forgets the finished test, back to the start form (control mode).</summary>
    /// <exception cref="DashboardRequestException">Watch mode, or a test still running.</exception>
    public void Reset()
    {
        lock (_gate)
        {
            if (!IsControl)
            {
                throw new DashboardRequestException(StatusCodes.Status409Conflict, "this dashboard watches one run; there is nothing to reset");
            }

            if (_state is DashboardState.Running or DashboardState.Stopping)
            {
                throw new DashboardRequestException(StatusCodes.Status409Conflict, "a test is running: stop it first");
            }

            _runner = null;
            _plan = null;
            _final = null;
            _failure = null;
            _started = null;
            _runNumber++;
            _state = DashboardState.Idle;
        }
    }

    /// <summary>The current test so far (a live snapshot), or the last one's final result; null when there is none yet.</summary>
    public RunResult? Result()
    {
        Runner? runner;
        lock (_gate)
        {
            if (_final is not null)
            {
                return _final;
            }

            runner = _runner;
        }

        try
        {
            return runner?.Snapshot();
        }
        catch (InvalidOperationException)
        {
            // Still warming up: nothing collected yet.
            return null;
        }
    }

    /// <summary>
    /// What the page's poll shows: the current test with only its intervals from <paramref name="from"/> on (at least
    /// the latest), or the last one's final result whole; null when there is none yet.
    /// </summary>
    /// <returns>The result, the run index of its first interval, and how many intervals the run has.</returns>
    public (RunResult Result, int First, int Count)? Live(int from)
    {
        Runner? runner;
        lock (_gate)
        {
            if (_final is not null)
            {
                return (_final, 0, _final.Series.Count);
            }

            runner = _runner;
        }

        try
        {
            return runner?.Snapshot(from);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Stops any running test (the server is shutting down) and waits for it to end.</summary>
    public async Task ShutdownAsync()
    {
        Task? run;
        lock (_gate)
        {
            run = IsControl ? _run : null;
        }

        if (run is null)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        try
        {
            await run.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The failure was recorded by Follow; shutting down goes on.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <inheritdoc />
    public void Dispose() => _shutdown.Dispose();

    /// <summary>The plan a start from the page runs: the template's scenarios, each with the model's executor and its share.</summary>
    /// <exception cref="DashboardRequestException">A bad value.</exception>
    internal static TestPlan PlanFor(TestPlan template, DashboardStart start)
    {
        if (start.Duration <= TimeSpan.Zero || start.Duration > MaxDuration)
        {
            throw new DashboardRequestException(StatusCodes.Status400BadRequest,
                $"duration must be longer than 0 and at most {Durations.Format(MaxDuration)} (got {Durations.Format(start.Duration)})");
        }

        var count = template.Scenarios.Count;
        var scenarios = new List<Scenario>(count);
        for (var i = 0; i < count; i++)
        {
            ExecutorConfig executor;
            switch (start.Model)
            {
                case "users":
                    {
                        var users = start.Users ?? throw new DashboardRequestException(StatusCodes.Status400BadRequest, "users: give how many users to start");
                        CheckUsers(users, start.SpawnRate);
                        var max = start.MaxVus ?? Math.Max(1000, users);
                        if (max < users)
                        {
                            throw new DashboardRequestException(StatusCodes.Status400BadRequest, $"maxVUs ({max}) must be at least users ({users})");
                        }

                        executor = new ExternallyControlledConfig(0, Math.Max(1, Share(max, count, i)), start.Duration);
                        break;
                    }

                case "rate":
                    {
                        var rate = start.Rate ?? throw new DashboardRequestException(StatusCodes.Status400BadRequest, "rate: give the iterations per second to start");
                        CheckRate(rate, allowZero: false);
                        var max = start.MaxVus ?? 1000;
                        if (max < count)
                        {
                            throw new DashboardRequestException(StatusCodes.Status400BadRequest, $"maxVUs must be at least 1 per scenario ({count}); got {max}");
                        }

                        var share = Share(max, count, i);
                        executor = new ConstantArrivalRateConfig(rate / count, start.Duration, Math.Min(share, 50), share);
                        break;
                    }

                default:
                    throw new DashboardRequestException(StatusCodes.Status400BadRequest, $"model must be users or rate (got '{start.Model}')");
            }

            scenarios.Add(template.Scenarios[i] with { Executor = executor });
        }

        return template with { Scenarios = scenarios };
    }

    private static void SetUsers(IReadOnlyList<VuControl> controls, int users, double? spawnRate)
    {
        for (var i = 0; i < controls.Count; i++)
        {
            var share = Share(users, controls.Count, i);
            if (share > controls[i].MaxVus)
            {
                controls[i].SetMaxVus(share);
            }

            controls[i].SetVus(share, spawnRate / controls.Count);
        }
    }

    private static void CheckUsers(int users, double? spawnRate)
    {
        if (users is < 0 or > MaxUsers)
        {
            throw new DashboardRequestException(StatusCodes.Status400BadRequest, $"users must be from 0 to {MaxUsers:#,0} (got {users})");
        }

        if (spawnRate is { } rate && (!double.IsFinite(rate) || rate <= 0))
        {
            throw new DashboardRequestException(StatusCodes.Status400BadRequest, $"spawnRate must be more than 0 users per second, or left out to start them all at once (got {rate})");
        }
    }

    private static void CheckRate(double rate, bool allowZero)
    {
        if (!double.IsFinite(rate) || rate < 0 || (!allowZero && rate == 0))
        {
            throw new DashboardRequestException(StatusCodes.Status400BadRequest,
                $"rate must be {(allowZero ? "0 (pause) or more" : "more than 0")} iterations per second (got {rate})");
        }
    }

    // An even share of a total: the first (total % count) get one more.
    private static int Share(int total, int count, int index) => (total / count) + (index < total % count ? 1 : 0);

    private async Task Follow(Task<RunResult> run)
    {
        RunResult? result = null;
        string? failure = null;
        try
        {
            result = await run.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Shown on the page; the dashboard goes on serving.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex is InvalidInputException ? ex.Message : $"the run failed: {ex.GetType().Name}: {ex.Message}";
        }

        lock (_gate)
        {
            if (_run != run)
            {
                return;
            }

            _final = result;
            _failure = failure;
            _state = DashboardState.Finished;
        }
    }
}
