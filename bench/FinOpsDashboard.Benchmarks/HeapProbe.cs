using System.Globalization;
using System.Runtime;

/// <summary>
/// Loaded into the web app by the load benchmark through <c>DOTNET_STARTUP_HOOKS</c> (the runtime calls
/// <see cref="Initialize"/> before the app's Main), so the managed heap can be read from outside without changing the
/// app or adding an endpoint to it: once a second it appends one line to the file named by
/// <c>FINOPS_BENCH_HEAP_FILE</c>. It only reads GC counters; it collects only when the harness asks, once, after
/// every figure has been taken (see <see cref="CollectSuffix"/>).
/// </summary>
/// <remarks>
/// Line: unix ms, bytes allocated and not yet collected (<c>GC.GetTotalMemory(false)</c>), heap size after the last
/// GC, of which fragmentation, committed bytes, the heap size after the last full (gen 2) GC, and the gen 0/1/2
/// collection counts. The type must be called StartupHook and live in the global namespace.
/// </remarks>
internal static class StartupHook
{
    internal const string FileVariable = "FINOPS_BENCH_HEAP_FILE";

    /// <summary>The harness creates the heap file's name + this to ask for one full GC (a diagnostic after all measurements).</summary>
    internal const string CollectSuffix = ".collect";

    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable(FileVariable);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var thread = new Thread(() =>
        {
            while (true)
            {
                if (File.Exists(path + CollectSuffix))
                {
                    File.Delete(path + CollectSuffix);
                    GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                }

                var last = GC.GetGCMemoryInfo(GCKind.Any);
                var background = GC.GetGCMemoryInfo(GCKind.Background);
                var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
                var full = background.Index > blocking.Index ? background : blocking;
                File.AppendAllText(path, string.Create(CultureInfo.InvariantCulture,
                    $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} {GC.GetTotalMemory(false)} {last.HeapSizeBytes} {last.FragmentedBytes} {last.TotalCommittedBytes} {full.HeapSizeBytes} {GC.CollectionCount(0)} {GC.CollectionCount(1)} {GC.CollectionCount(2)}\n"));
                Thread.Sleep(1000);
            }
        })
        { IsBackground = true, Name = "bench heap probe" };
        thread.Start();
    }
}
