using System.Runtime.InteropServices;

namespace Stampede.Http.Fast;

/// <summary>
/// A thread blocked in <c>epoll_wait</c> that hands readiness edges to <see cref="EpollSocket"/>s, whose
/// continuations (the request's parsing, recording, the VU's next request) then run on it inline. One loop
/// per processor the process may use when continuations run inline (one otherwise), started on first use
/// and kept for the life of the process, like the .NET socket engine's; sockets are spread over them in turn.
/// </summary>
internal sealed partial class EpollLoop
{
    internal const uint In = 0x001;
    internal const uint Out = 0x004;
    internal const uint Err = 0x008;
    internal const uint Hup = 0x010;
    internal const uint RdHup = 0x2000;
    private const uint EdgeTriggered = 1u << 31;
    private const int CtlAdd = 1;
    private const int CloExec = 0x80000;
    private const int MaxEvents = 256;

    private static readonly Lazy<EpollLoop[]> Loops = new(StartLoops, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _next;

    private readonly int _epoll;
    private readonly Lock _gate = new();
    private readonly Stack<int> _free = new();
    private EpollSocket?[] _slots = new EpollSocket?[64];
    private int _used;
    private uint _generation;

    private EpollLoop(int epoll) => _epoll = epoll;

    /// <summary>The loop the next socket goes to.</summary>
    public static EpollLoop Next()
    {
        var loops = Loops.Value;
        return loops[(int)((uint)Interlocked.Increment(ref _next) % (uint)loops.Length)];
    }

    /// <summary>Adds the socket to this loop's epoll set, edge-triggered for input and output.</summary>
    public void Register(EpollSocket socket)
    {
        long id;
        lock (_gate)
        {
            var slot = _free.Count > 0 ? _free.Pop() : _used++;
            if (slot == _slots.Length)
            {
                var bigger = new EpollSocket?[_slots.Length * 2];
                Array.Copy(_slots, bigger, _slots.Length);
                Volatile.Write(ref _slots, bigger);
            }

            id = ((long)++_generation << 32) | (uint)slot;
            socket.Id = id;
            Volatile.Write(ref _slots[slot], socket);
        }

        var ev = new EpollEvent { Events = In | Out | RdHup | EdgeTriggered, Data = (ulong)id };
        if (EpollCtl(_epoll, CtlAdd, (int)socket.Socket.SafeHandle.DangerousGetHandle(), ref ev) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Unregister(socket);
            throw new System.Net.Sockets.SocketException(errno == 12 /* ENOMEM */ ? (int)System.Net.Sockets.SocketError.NoBufferSpaceAvailable
                : (int)System.Net.Sockets.SocketError.SocketError);
        }
    }

    /// <summary>
    /// Stops delivering events to the socket. The descriptor leaves the epoll set by itself when it is
    /// closed; an event already fetched for it finds the slot empty, or reused under another id.
    /// </summary>
    public void Unregister(EpollSocket socket)
    {
        lock (_gate)
        {
            var slot = (int)(uint)socket.Id;
            if (socket.Id != 0 && ReferenceEquals(_slots[slot], socket))
            {
                Volatile.Write(ref _slots[slot], null);
                _free.Push(slot);
            }

            socket.Id = 0;
        }
    }

    private static EpollLoop[] StartLoops()
    {
        // As the .NET socket engine sizes itself: with continuations inline every loop thread does a core's
        // worth of request work; otherwise a loop only reads and hands over, and one thread is plenty.
        var loops = new EpollLoop[EpollSocket.InlineContinuations ? Math.Max(1, Environment.ProcessorCount) : 1];
        for (var i = 0; i < loops.Length; i++)
        {
            var epoll = EpollCreate1(CloExec);
            if (epoll < 0)
            {
                throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.TooManyOpenSockets);
            }

            loops[i] = new EpollLoop(epoll);
            var thread = new Thread(static state => ((EpollLoop)state!).Run())
            {
                IsBackground = true,
                Name = loops.Length == 1 ? "stampede-epoll" : $"stampede-epoll-{i}",
            };
            thread.UnsafeStart(loops[i]);
        }

        return loops;
    }

    private unsafe void Run()
    {
        var events = stackalloc EpollEvent[MaxEvents];
        while (true)
        {
            var count = EpollWait(_epoll, events, MaxEvents, -1);
            if (count < 0)
            {
                // EINTR (a signal, a debugger): wait again. Nothing else can fail on a valid set.
                continue;
            }

            // Read after epoll_wait returned: every socket with an event in this batch was added to the set,
            // and so written to the table (grown if need be), before the call that fetched the event.
            var slots = Volatile.Read(ref _slots);
            for (var i = 0; i < count; i++)
            {
                var id = (long)events[i].Data;
                var slot = (int)(uint)id;
                if (slot < slots.Length && Volatile.Read(ref slots[slot]) is { } socket && socket.Id == id)
                {
                    socket.OnEvents(events[i].Events);
                }
            }
        }
    }

    // struct epoll_event is packed on x86-64: a 32-bit mask, then 64 bits of data at offset 4.
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int epoll, int op, int fd, ref EpollEvent ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    private static unsafe partial int EpollWait(int epoll, EpollEvent* events, int maxEvents, int timeout);
}
