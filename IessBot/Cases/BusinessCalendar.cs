using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace IessBot.Cases;

/// <summary>
/// Ecuadorian business days (días término, COA): Monday to Friday, except national holidays. The holidays of the
/// Ley Orgánica Reformatoria a la LOSEP y al Código del Trabajo are computed (fixed dates, Carnaval and Viernes Santo
/// from Easter); the moves the government decrees each year cannot be computed, so they are configured
/// (<see cref="HolidayOptions"/>). Dates are Ecuador dates: America/Guayaquil, UTC−5 all year (no DST).
/// </summary>
public sealed class BusinessCalendar
{
    private static readonly TimeSpan EcuadorOffset = TimeSpan.FromHours(-5);

    private readonly FrozenSet<DateOnly> _added;
    private readonly FrozenSet<DateOnly> _removed;
    private readonly ConcurrentDictionary<int, FrozenSet<DateOnly>> _holidaysByYear = new();

    public BusinessCalendar(IOptions<HolidayOptions> options)
    {
        _added = options.Value.Add.ToFrozenSet();
        _removed = options.Value.Remove.ToFrozenSet();
    }

    /// <summary>A calendar with the computed holidays only.</summary>
    public BusinessCalendar()
        : this(Options.Create(new HolidayOptions()))
    {
    }

    /// <summary>America/Guayaquil; a fixed UTC−5 zone where the system has no time zone data.</summary>
    public static TimeZoneInfo TimeZone { get; } = FindTimeZone();

    public bool IsBusinessDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !HolidaysOf(date.Year).Contains(date);

    public bool IsHoliday(DateOnly date) => HolidaysOf(date.Year).Contains(date);

    /// <summary>The holidays of a year: the computed ones, minus <c>Remove</c>, plus <c>Add</c>.</summary>
    public IReadOnlySet<DateOnly> HolidaysOf(int year) => _holidaysByYear.GetOrAdd(year, y =>
        ComputedHolidays(y).Except(_removed).Concat(_added.Where(d => d.Year == y)).ToFrozenSet());

    /// <summary>
    /// The <paramref name="days"/>-th business day after <paramref name="start"/> (before it when negative);
    /// <paramref name="start"/> itself when zero, business day or not.
    /// </summary>
    public DateOnly AddBusinessDays(DateOnly start, int days)
    {
        var step = days < 0 ? -1 : 1;
        var date = start;
        for (var remaining = Math.Abs(days); remaining > 0;)
        {
            date = date.AddDays(step);
            if (IsBusinessDay(date))
            {
                remaining--;
            }
        }
        return date;
    }

    /// <summary>
    /// The business days after <paramref name="from"/> up to and including <paramref name="to"/> (negative when
    /// <paramref name="to"/> is earlier), so that <c>AddBusinessDays(from, BusinessDaysBetween(from, to)) == to</c>
    /// for a business day <paramref name="to"/>.
    /// </summary>
    public int BusinessDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -BusinessDaysBetween(to, from);
        }
        var count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            if (IsBusinessDay(date))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>The Ecuador date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToEcuadorTime(instant).DateTime);

    /// <summary>The instant in Ecuador time (offset −05:00), for display.</summary>
    public static DateTimeOffset ToEcuadorTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone);

    /// <summary>The last instant of an Ecuador date: 23:59:59.999 −05:00.</summary>
    public static DateTimeOffset EndOfDay(DateOnly date)
    {
        var local = date.ToDateTime(new TimeOnly(23, 59, 59, 999));
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local));
    }

    /// <summary>A due date: the end of the <paramref name="businessDays"/>-th business day after the Ecuador date of <paramref name="start"/>.</summary>
    public DateTimeOffset DueAfter(DateTimeOffset start, int businessDays) => EndOfDay(AddBusinessDays(DateOf(start), businessDays));

    /// <summary>
    /// <paramref name="due"/> moved later by <paramref name="businessDays"/> business days, still at the end of a day
    /// (the clock resuming after a pause).
    /// </summary>
    public DateTimeOffset MoveLater(DateTimeOffset due, int businessDays) =>
        businessDays <= 0 ? due : EndOfDay(AddBusinessDays(DateOf(due), businessDays));

    /// <summary>Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    /// <summary>The national holidays of the LOSEP reform (Código del Trabajo Art. 65), before any decreed move.</summary>
    public static IReadOnlyList<DateOnly> ComputedHolidays(int year)
    {
        var easter = EasterSunday(year);
        return
        [
            new DateOnly(year, 1, 1),
            easter.AddDays(-48), // Carnaval: Monday and Tuesday before Ash Wednesday
            easter.AddDays(-47),
            easter.AddDays(-2), // Viernes Santo
            new DateOnly(year, 5, 1),
            new DateOnly(year, 5, 24),
            new DateOnly(year, 8, 10),
            new DateOnly(year, 10, 9),
            new DateOnly(year, 11, 2),
            new DateOnly(year, 11, 3),
            new DateOnly(year, 12, 25),
        ];
    }

    private static TimeZoneInfo FindTimeZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("America/Guayaquil");
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("America/Guayaquil", EcuadorOffset, "Ecuador", "Ecuador");
        }
    }
}

/// <summary>
/// The holidays moved or added by decree each year (the government moves some to make long weekends), under
/// <c>Cases:Holidays</c>: <c>Add</c> are extra non-business days, <c>Remove</c> computed holidays that are worked
/// (e.g. a holiday moved to the Friday: remove the original date, add the Friday).
/// </summary>
public sealed class HolidayOptions
{
    public const string Section = "Cases:Holidays";

    public List<DateOnly> Add { get; set; } = [];
    public List<DateOnly> Remove { get; set; } = [];
}
