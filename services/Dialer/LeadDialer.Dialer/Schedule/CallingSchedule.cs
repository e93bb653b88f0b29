using System.Globalization;

namespace LeadDialer.Dialer.Schedule;

/// <summary>
/// The calling schedule: the days of the week and the daily window (minutes since local midnight,
/// end exclusive) in which a lead may be called, evaluated in the lead's own time zone. The same
/// rule runs in SQL in the dispatcher (<see cref="Saga.Persistence.LeadSagaQueries"/>); this one explains waits and
/// is what the unit specs pin down.
/// </summary>
/// <param name="Holidays">Local dates with no calls (compliance); none when null.</param>
public sealed record CallingSchedule(IReadOnlySet<DayOfWeek> Days, int StartMinute, int EndMinute, string DefaultTimeZone, IReadOnlySet<DateOnly>? Holidays = null)
{
    public const int MinutesPerDay = 24 * 60;

    /// <summary>The lead's effective zone: its own (resolved when the saga was written), else the account's default.</summary>
    public TimeZoneInfo ZoneOf(string? leadZone) =>
        !string.IsNullOrEmpty(leadZone) && TimeZoneInfo.TryFindSystemTimeZoneById(leadZone, out var zone)
            ? zone
            : TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZone);

    public string ZoneNameOf(string? leadZone) => string.IsNullOrEmpty(leadZone) ? DefaultTimeZone : leadZone;

    public bool IsOpen(DateTimeOffset now, string? leadZone)
    {
        var local = TimeZoneInfo.ConvertTime(now, ZoneOf(leadZone));
        var minute = (local.Hour * 60) + local.Minute;
        return Days.Contains(local.DayOfWeek) && !IsHoliday(local.Date) && minute >= StartMinute && minute < EndMinute;
    }

    public bool IsHoliday(DateTime localDate) => Holidays is { Count: > 0 } && Holidays.Contains(DateOnly.FromDateTime(localDate));

    /// <summary>When the window next opens for the lead (local offset kept for display); null when no day is allowed.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset now, string? leadZone)
    {
        var zone = ZoneOf(leadZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        if (StartMinute >= EndMinute)
        {
            return null;
        }

        for (var day = 0; day <= 7 + (Holidays?.Count ?? 0); day++)
        {
            var date = local.Date.AddDays(day);
            if (!Days.Contains(date.DayOfWeek) || IsHoliday(date))
            {
                continue;
            }

            var opening = ToInstant(date.AddMinutes(StartMinute), zone);
            if (opening > now)
            {
                return opening;
            }
        }

        return null;
    }

    /// <summary>"09:00" or "Monday 09:00": the opening as the lead's clock shows it.</summary>
    public static string Describe(DateTimeOffset opening, DateTimeOffset now) =>
        opening - now < TimeSpan.FromHours(24) && opening.Date == now.ToOffset(opening.Offset).Date
            ? opening.ToString("HH:mm", CultureInfo.InvariantCulture)
            : opening.ToString("dddd HH:mm", CultureInfo.InvariantCulture);

    public static string FormatMinute(int minute) => $"{minute / 60:00}:{minute % 60:00}";

    /// <summary>"09:00" → 540; "24:00" is the end of the day. Null when not HH:mm.</summary>
    public static int? ParseMinute(string? text)
    {
        if (text is null || text.Length != 5 || text[2] != ':'
            || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || minutes > 59 || hours > 24 || (hours == 24 && minutes != 0))
        {
            return null;
        }

        return (hours * 60) + minutes;
    }

    public static int IsoDay(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;

    public static DayOfWeek FromIsoDay(int day) => day == 7 ? DayOfWeek.Sunday : (DayOfWeek)day;

    // A wall-clock time to an instant: a time skipped by a DST change moves forward past the gap,
    // and a repeated one takes its first occurrence — the same as PostgreSQL's AT TIME ZONE.
    static DateTimeOffset ToInstant(DateTime wallClock, TimeZoneInfo zone)
    {
        wallClock = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(wallClock))
        {
            wallClock = wallClock.AddMinutes(15);
        }

        var offset = zone.IsAmbiguousTime(wallClock) ? zone.GetAmbiguousTimeOffsets(wallClock).Max() : zone.GetUtcOffset(wallClock);
        return new DateTimeOffset(wallClock, offset);
    }
}
