using IessBot.Cases;

namespace IessBot.Tests.Storage;

/// <summary>What every case store must do (run against each provider).</summary>
public abstract partial class CaseStoreContract : StorageContract
{
    [Fact]
    public async Task A_created_case_reads_back_whole()
    {
        var filed = EmbeddedStorage.SampleCase();

        var created = await Storage.Cases.CreateAsync(filed, Ct);
        var read = await Storage.Cases.GetAsync(filed.CaseNumber, Ct);

        Assert.NotNull(read);
        Assert.Equal(filed.CaseNumber, created.CaseNumber);
        AssertSameCase(filed, read);
    }

    [Fact]
    public async Task Creating_the_same_filing_again_returns_the_stored_case()
    {
        var filed = EmbeddedStorage.SampleCase();
        await Storage.Cases.CreateAsync(filed, Ct);

        var again = await Storage.Cases.CreateAsync(filed with { Description = "otra versión" }, Ct);

        Assert.Equal(filed.Description, again.Description);
        Assert.Single(await Storage.Cases.FindByCedulaAsync(filed.Cedula, Ct));
    }

    [Fact]
    public async Task A_case_number_used_by_another_filing_is_refused()
    {
        var filed = EmbeddedStorage.SampleCase();
        await Storage.Cases.CreateAsync(filed, Ct);

        var other = EmbeddedStorage.SampleCase(caseNumber: filed.CaseNumber.ToLowerInvariant(), cedula: "0926687856");

        await Assert.ThrowsAsync<DuplicateCaseNumberException>(() => Storage.Cases.CreateAsync(other, Ct));
        Assert.Empty(await Storage.Cases.FindByCedulaAsync("0926687856", Ct));
    }

    [Fact]
    public async Task Case_numbers_are_found_whatever_the_case_and_hyphens_typed()
    {
        var filed = EmbeddedStorage.SampleCase();
        await Storage.Cases.CreateAsync(filed, Ct);
        var typed = filed.CaseNumber.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant();

        var read = await Storage.Cases.GetAsync(typed, Ct);

        Assert.Equal(filed.CaseNumber, read?.CaseNumber);
    }

    [Fact]
    public async Task A_lower_case_number_is_stored_in_canonical_upper_case()
    {
        var number = CaseNumber.New(CaseType.Denuncia).Value;
        var created = await Storage.Cases.CreateAsync(EmbeddedStorage.SampleCase(caseNumber: number.ToLowerInvariant()), Ct);

        Assert.Equal(number, created.CaseNumber);
        Assert.Equal(number, (await Storage.Cases.GetAsync(number, Ct))?.CaseNumber);
    }

    [Fact]
    public async Task An_unknown_case_number_is_not_found()
    {
        Assert.Null(await Storage.Cases.GetAsync(CaseNumber.New(CaseType.Queja).Value, Ct));
        Assert.Null(await Storage.Cases.GetAsync("no es un número", Ct));
    }

    [Fact]
    public async Task Cases_are_found_by_cedula_and_only_that_cedula()
    {
        var first = await Storage.Cases.CreateAsync(EmbeddedStorage.SampleCase(cedula: "1710034065"), Ct);
        var second = await Storage.Cases.CreateAsync(EmbeddedStorage.SampleCase(cedula: "1710034065") with { FiledAt = first.FiledAt.AddDays(1) }, Ct);
        await Storage.Cases.CreateAsync(EmbeddedStorage.SampleCase(cedula: "0926687856"), Ct);

        var found = await Storage.Cases.FindByCedulaAsync(" 171003406-5 ", Ct);

        Assert.Equal([first.CaseNumber, second.CaseNumber], found.Select(c => c.CaseNumber));
        Assert.Empty(await Storage.Cases.FindByCedulaAsync("1712345678", Ct));
    }

    [Fact]
    public async Task Concurrent_creates_of_one_filing_store_it_once()
    {
        var filed = EmbeddedStorage.SampleCase();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Storage.Cases.CreateAsync(filed, Ct), Ct)));

        Assert.All(results, r => Assert.Equal(filed.FilingId, r.FilingId));
        Assert.Single(await Storage.Cases.FindByCedulaAsync(filed.Cedula, Ct));
    }

    internal static void AssertSameCase(FiledCase expected, FiledCase actual)
    {
        // Records with lists compare lists by reference: compare the evidence separately.
        Assert.Equal(expected with { Evidence = [] }, actual with { Evidence = [] });
        Assert.Equal(expected.Evidence, actual.Evidence);
    }
}
