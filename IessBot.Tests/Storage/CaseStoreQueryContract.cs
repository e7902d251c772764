using IessBot.Cases;

namespace IessBot.Tests.Storage;

/// <summary>The staff-side queries every case store must answer alike: filters, order, keyset paging.</summary>
public abstract partial class CaseStoreContract
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Cases_of_one_type_come_newest_first()
    {
        var older = await FileAsync(CaseType.Queja, Monday);
        var newer = await FileAsync(CaseType.Queja, Monday.AddHours(2));
        await FileAsync(CaseType.Denuncia, Monday.AddHours(1));

        var page = await Storage.Cases.QueryAsync(new CaseQuery { Type = CaseType.Queja }, Ct);

        Assert.Equal([newer.CaseNumber, older.CaseNumber], page.Cases.Select(c => c.CaseNumber));
        Assert.Null(page.ContinuationToken);
        AssertSameCase(newer, page.Cases[0]);
    }

    [Fact]
    public async Task Cases_are_filtered_by_status_and_type_together()
    {
        var received = await FileAsync(CaseType.Denuncia, Monday);
        await FileAsync(CaseType.Denuncia, Monday.AddMinutes(1), status: "En análisis");
        await FileAsync(CaseType.Queja, Monday.AddMinutes(2), status: "En análisis");

        var inAnalysis = await Storage.Cases.QueryAsync(new CaseQuery { Type = CaseType.Denuncia, Status = "En análisis" }, Ct);
        var receivedOnly = await Storage.Cases.QueryAsync(new CaseQuery { Status = CaseStatuses.Received }, Ct);

        var denuncia = Assert.Single(inAnalysis.Cases);
        Assert.Equal((CaseType.Denuncia, "En análisis"), (denuncia.Type, denuncia.Status));
        Assert.Equal(received.CaseNumber, Assert.Single(receivedOnly.Cases).CaseNumber);
    }

    [Fact]
    public async Task A_date_range_includes_its_start_and_excludes_its_end_whatever_the_offset_given()
    {
        var before = await FileAsync(CaseType.Queja, Monday.AddTicks(-1));
        var atStart = await FileAsync(CaseType.Queja, Monday);
        var inside = await FileAsync(CaseType.Queja, Monday.AddDays(3));
        await FileAsync(CaseType.Queja, Monday.AddDays(7));

        // The same instants, written in UTC: the stores compare instants, not local clock readings.
        var page = await Storage.Cases.QueryAsync(new CaseQuery { FiledFrom = Monday.ToUniversalTime(), FiledBefore = Monday.AddDays(7).ToUniversalTime() }, Ct);

        Assert.Equal([inside.CaseNumber, atStart.CaseNumber], page.Cases.Select(c => c.CaseNumber));
        Assert.DoesNotContain(before.CaseNumber, page.Cases.Select(c => c.CaseNumber));
    }

    [Fact]
    public async Task Pages_follow_each_other_without_gaps_or_repeats_even_with_equal_filing_times()
    {
        var filed = new List<FiledCase>();
        for (var i = 0; i < 7; i++)
        {
            // Three cases share one instant: the case number breaks the tie.
            filed.Add(await FileAsync(CaseType.Queja, i < 3 ? Monday : Monday.AddMinutes(i)));
        }
        var expected = filed.OrderByDescending(c => c.FiledAt).ThenByDescending(c => c.CaseNumber, StringComparer.Ordinal).Select(c => c.CaseNumber).ToList();

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await Storage.Cases.QueryAsync(new CaseQuery { PageSize = 3, ContinuationToken = token }, Ct);
            Assert.True(page.Cases.Count <= 3);
            seen.AddRange(page.Cases.Select(c => c.CaseNumber));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(expected, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task A_case_filed_after_the_first_page_does_not_shift_the_next_one()
    {
        var first = await FileAsync(CaseType.Queja, Monday);
        var second = await FileAsync(CaseType.Queja, Monday.AddMinutes(1));
        var page1 = await Storage.Cases.QueryAsync(new CaseQuery { PageSize = 1 }, Ct);

        await FileAsync(CaseType.Queja, Monday.AddMinutes(2));
        var page2 = await Storage.Cases.QueryAsync(new CaseQuery { PageSize = 1, ContinuationToken = page1.ContinuationToken }, Ct);

        Assert.Equal(second.CaseNumber, Assert.Single(page1.Cases).CaseNumber);
        Assert.Equal(first.CaseNumber, Assert.Single(page2.Cases).CaseNumber);
        Assert.Null(page2.ContinuationToken);
    }

    [Fact]
    public async Task A_query_with_no_match_is_an_empty_last_page()
    {
        await FileAsync(CaseType.Queja, Monday);

        var page = await Storage.Cases.QueryAsync(new CaseQuery { Type = CaseType.Denuncia }, Ct);

        Assert.Empty(page.Cases);
        Assert.Null(page.ContinuationToken);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(CaseQuery.MaxPageSize + 1)]
    public async Task A_page_size_out_of_range_is_refused(int pageSize)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Storage.Cases.QueryAsync(new CaseQuery { PageSize = pageSize }, Ct));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("djF8MjAyNXxYWFg")] // "v1|2025|XXX": well formed, but not a case number
    public async Task A_continuation_token_the_store_did_not_give_is_refused(string token)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.Cases.QueryAsync(new CaseQuery { ContinuationToken = token }, Ct));
    }

    private Task<FiledCase> FileAsync(CaseType type, DateTimeOffset filedAt, string status = CaseStatuses.Received) =>
        Storage.Cases.CreateAsync(
            EmbeddedStorage.SampleCase(caseNumber: CaseNumber.New(type).Value) with { Type = type, FiledAt = filedAt, Status = status }, Ct);
}
