namespace LeadDialer.Dialer.Schedule;

/// <summary>
/// <see cref="CallingSchedule.IsOpen"/> as a SQL condition on <c>lead_sagas</c>, so the dispatcher
/// claims only leads whose local clock is inside the window. PostgreSQL knows the IANA zones, DST
/// included (<c>timestamptz AT TIME ZONE 'America/New_York'</c> is the local wall-clock time).
/// </summary>
static class CallingWindowSql
{
    /// <summary>
    /// Parameters: <paramref name="now"/> timestamptz, <paramref name="defaultZone"/> text,
    /// <paramref name="days"/> int[] (ISO: Monday 1 … Sunday 7), <paramref name="start"/> and
    /// <paramref name="end"/> minutes since local midnight (end exclusive).
    /// </summary>
    public static string IsOpen(string now, string defaultZone, string days, string start, string end)
    {
        var local = $"({now} AT TIME ZONE COALESCE(NULLIF(time_zone, ''), {defaultZone}))";
        return $"(extract(isodow FROM {local})::int = ANY({days}) " +
               $"AND (extract(hour FROM {local})::int * 60 + extract(minute FROM {local})::int) >= {start} " +
               $"AND (extract(hour FROM {local})::int * 60 + extract(minute FROM {local})::int) < {end})";
    }

    /// <summary>Whether the lead's local date is one of <paramref name="holidays"/> (date[]).</summary>
    public static string IsHoliday(string now, string defaultZone, string holidays) =>
        $"(({now} AT TIME ZONE COALESCE(NULLIF(time_zone, ''), {defaultZone}))::date = ANY({holidays}))";

    /// <summary>The lead's effective zone name.</summary>
    public static string Zone(string defaultZone) => $"COALESCE(NULLIF(time_zone, ''), {defaultZone})";
}
