using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using LeadDialer.ServiceDefaults;

namespace LeadDialer.Dialer.Dispatch;

/// <summary>
/// Dispatch latency: from a calling slot freeing (a saga leaving in-progress in this process) to
/// the claim of the next lead committing. Freed slots queue up and each claim takes the oldest;
/// when a cycle leaves slots free for want of callable leads, the queue is emptied, since nobody was
/// waiting for those slots. A slot freed here but claimed by another Dialer instance is paired with
/// a later claim, so with two instances the figure errs high, never low.
/// </summary>
public sealed class DispatchLatency
{
    const int Window = 100_000;

    static readonly Histogram<double> Histogram = Telemetry.Meter.CreateHistogram<double>(
        "leaddialer.dialer.dispatch_latency", "s", "From a calling slot freeing to the next lead's claim committing.");

    readonly ConcurrentQueue<long> _freed = new();
    readonly Lock _gate = new();
    readonly double[] _samples = new double[Window];
    long _count;

    public void SlotFreed() => _freed.Enqueue(Stopwatch.GetTimestamp());

    /// <summary>Called after a dispatch cycle committed.</summary>
    public void Claimed(int claimed, bool slotsLeftFree)
    {
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < claimed && _freed.TryDequeue(out var freedAt); i++)
        {
            var seconds = Stopwatch.GetElapsedTime(freedAt, now).TotalSeconds;
            Histogram.Record(seconds);
            lock (_gate)
            {
                _samples[_count++ % Window] = seconds;
            }
        }

        if (slotsLeftFree)
        {
            _freed.Clear();
        }
    }

    /// <summary>p50 and p99 over the last <see cref="Window"/> claims, in seconds.</summary>
    public (long Samples, double? P50, double? P99) Percentiles()
    {
        double[] copy;
        lock (_gate)
        {
            copy = _samples[..(int)Math.Min(_count, Window)];
        }

        if (copy.Length == 0)
        {
            return (0, null, null);
        }

        Array.Sort(copy);
        return (copy.Length, copy[(int)(copy.Length * 0.50)], copy[Math.Min(copy.Length - 1, (int)(copy.Length * 0.99))]);
    }
}
