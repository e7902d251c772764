using IessBot.Cases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IessBot.Tests.Cases;

public sealed class BusinessCalendarTests
{
    private readonly BusinessCalendar _calendar = new();

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Theory]
    [InlineData(2000, 4, 23)]
    [InlineData(2008, 3, 23)]
    [InlineData(2019, 4, 21)]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    public void Easter_Sunday_is_computed_for_any_year(int year, int month, int day) =>
        Assert.Equal(D(year, month, day), BusinessCalendar.EasterSunday(year));

    [Fact]
    public void The_2026_holidays_include_Carnaval_and_Viernes_Santo_from_Easter()
    {
        var holidays = _calendar.HolidaysOf(2026);

        Assert.Contains(D(2026, 2, 16), holidays);
        Assert.Contains(D(2026, 2, 17), holidays);
        Assert.Contains(D(2026, 4, 3), holidays);
        Assert.Equal(
            [D(2026, 1, 1), D(2026, 2, 16), D(2026, 2, 17), D(2026, 4, 3), D(2026, 5, 1), D(2026, 5, 24), D(2026, 8, 10),
             D(2026, 10, 9), D(2026, 11, 2), D(2026, 11, 3), D(2026, 12, 25)],
            holidays.Order());
    }

    [Theory]
    [InlineData(2026, 3, 7)] // Saturday
    [InlineData(2026, 3, 8)] // Sunday
    [InlineData(2026, 2, 16)] // Carnaval Monday
    [InlineData(2026, 2, 17)] // Carnaval Tuesday
    [InlineData(2026, 4, 3)] // Viernes Santo
    [InlineData(2026, 11, 2)]
    [InlineData(2026, 11, 3)]
    [InlineData(2026, 12, 25)]
    public void Weekends_and_national_holidays_are_not_business_days(int year, int month, int day) =>
        Assert.False(_calendar.IsBusinessDay(D(year, month, day)));

    [Theory]
    [InlineData(2026, 2, 18)] // Ash Wednesday is worked
    [InlineData(2026, 4, 2)] // Holy Thursday is worked
    [InlineData(2026, 3, 9)]
    public void Ordinary_weekdays_are_business_days(int year, int month, int day) =>
        Assert.True(_calendar.IsBusinessDay(D(year, month, day)));

    [Fact]
    public void A_business_day_after_Friday_is_Monday() =>
        Assert.Equal(D(2026, 3, 9), _calendar.AddBusinessDays(D(2026, 3, 6), 1));

    [Fact]
    public void Carnaval_is_skipped_after_the_weekend() =>
        Assert.Equal(D(2026, 2, 18), _calendar.AddBusinessDays(D(2026, 2, 13), 1));

    [Fact]
    public void Viernes_Santo_is_skipped() =>
        Assert.Equal(D(2026, 4, 6), _calendar.AddBusinessDays(D(2026, 4, 2), 1));

    [Fact]
    public void The_2_and_3_of_November_are_skipped() =>
        Assert.Equal(D(2026, 11, 4), _calendar.AddBusinessDays(D(2026, 10, 30), 1));

    [Fact]
    public void The_24_of_May_on_a_Sunday_moves_nothing_unless_configured()
    {
        Assert.Equal(D(2026, 5, 25), _calendar.AddBusinessDays(D(2026, 5, 22), 1));

        var moved = Calendar(add: [D(2026, 5, 25)]);
        Assert.Equal(D(2026, 5, 26), moved.AddBusinessDays(D(2026, 5, 22), 1));
    }

    [Fact]
    public void A_removed_holiday_is_a_business_day_and_an_added_one_is_not()
    {
        // A decree moving 10 August (Monday in 2026) to Friday 7 August.
        var calendar = Calendar(add: [D(2026, 8, 7)], remove: [D(2026, 8, 10)]);

        Assert.True(calendar.IsBusinessDay(D(2026, 8, 10)));
        Assert.False(calendar.IsBusinessDay(D(2026, 8, 7)));
        Assert.Equal(D(2026, 8, 10), calendar.AddBusinessDays(D(2026, 8, 6), 1));
        Assert.False(_calendar.IsBusinessDay(D(2026, 8, 10)));
    }

    [Fact]
    public void Many_business_days_skip_every_weekend_and_holiday()
    {
        // 15 business days from Friday 6 Feb 2026: Carnaval (16–17) falls in between.
        Assert.Equal(D(2026, 3, 3), _calendar.AddBusinessDays(D(2026, 2, 6), 15));
    }

    [Fact]
    public void Negative_days_count_backwards_and_zero_is_the_start()
    {
        Assert.Equal(D(2026, 2, 13), _calendar.AddBusinessDays(D(2026, 2, 18), -1));
        Assert.Equal(D(2026, 3, 7), _calendar.AddBusinessDays(D(2026, 3, 7), 0));
    }

    [Fact]
    public void Business_days_between_count_the_days_after_the_start_up_to_the_end()
    {
        Assert.Equal(1, _calendar.BusinessDaysBetween(D(2026, 2, 13), D(2026, 2, 18)));
        Assert.Equal(0, _calendar.BusinessDaysBetween(D(2026, 2, 13), D(2026, 2, 17)));
        Assert.Equal(0, _calendar.BusinessDaysBetween(D(2026, 3, 9), D(2026, 3, 9)));
        Assert.Equal(5, _calendar.BusinessDaysBetween(D(2026, 3, 6), D(2026, 3, 13)));
        Assert.Equal(-5, _calendar.BusinessDaysBetween(D(2026, 3, 13), D(2026, 3, 6)));
    }

    [Fact]
    public void Adding_the_days_between_two_dates_lands_on_the_later_one()
    {
        var start = D(2026, 1, 2);
        for (var end = start; end < D(2026, 12, 31); end = end.AddDays(1))
        {
            if (_calendar.IsBusinessDay(end))
            {
                Assert.Equal(end, _calendar.AddBusinessDays(start, _calendar.BusinessDaysBetween(start, end)));
            }
        }
    }

    [Fact]
    public void A_due_date_is_the_end_of_the_business_day_in_Ecuador_time()
    {
        var filed = new DateTimeOffset(2026, 2, 13, 10, 0, 0, TimeSpan.FromHours(-5));

        var due = _calendar.DueAfter(filed, 1);

        Assert.Equal(new DateTimeOffset(2026, 2, 18, 23, 59, 59, 999, TimeSpan.FromHours(-5)), due);
        Assert.Equal(new DateTimeOffset(2026, 2, 19, 4, 59, 59, 999, TimeSpan.Zero), due.ToUniversalTime());
        Assert.Equal(TimeSpan.FromHours(-5), due.Offset);
    }

    [Fact]
    public void The_Ecuador_date_of_an_instant_is_five_hours_behind_UTC()
    {
        Assert.Equal(D(2026, 2, 28), BusinessCalendar.DateOf(new DateTimeOffset(2026, 3, 1, 3, 0, 0, TimeSpan.Zero)));
        Assert.Equal(D(2026, 3, 1), BusinessCalendar.DateOf(new DateTimeOffset(2026, 3, 1, 5, 0, 0, TimeSpan.Zero)));
        Assert.Equal(TimeSpan.FromHours(-5), BusinessCalendar.TimeZone.GetUtcOffset(new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void A_filing_late_on_Friday_evening_in_Ecuador_counts_from_Friday()
    {
        // 22:00 in Quito is already Saturday in UTC.
        var filed = new DateTimeOffset(2026, 3, 6, 22, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal(D(2026, 3, 9), BusinessCalendar.DateOf(_calendar.DueAfter(filed, 1)));
    }

    [Fact]
    public void Moved_holidays_are_read_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cases:Holidays:Add:0"] = "2026-05-25",
            ["Cases:Holidays:Remove:0"] = "2026-08-10",
        }).Build();
        using var services = new ServiceCollection().AddCases(configuration).BuildServiceProvider();

        var calendar = services.GetRequiredService<BusinessCalendar>();

        Assert.False(calendar.IsBusinessDay(D(2026, 5, 25)));
        Assert.True(calendar.IsBusinessDay(D(2026, 8, 10)));
    }

    private static BusinessCalendar Calendar(DateOnly[]? add = null, DateOnly[]? remove = null) =>
        new(Options.Create(new HolidayOptions { Add = [.. add ?? []], Remove = [.. remove ?? []] }));
}
