using IessBot.Cases;

namespace IessBot.Tests.Storage;

public sealed class SqliteCaseStoreTests : IDisposable
{
    private readonly EmbeddedStorage _storage = new();
    private readonly CancellationToken _ct = CancellationToken.None;

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task A_created_case_reads_back_whole()
    {
        var filed = EmbeddedStorage.SampleCase();

        var created = await _storage.Cases.CreateAsync(filed, _ct);
        var read = await _storage.Cases.GetAsync(filed.CaseNumber, _ct);

        Assert.NotNull(read);
        Assert.Equal(filed.CaseNumber, created.CaseNumber);
        AssertSameCase(filed, read);
    }

    [Fact]
    public async Task Creating_the_same_filing_again_returns_the_stored_case()
    {
        var filed = EmbeddedStorage.SampleCase();
        await _storage.Cases.CreateAsync(filed, _ct);

        var again = await _storage.Cases.CreateAsync(filed with { Description = "otra versión" }, _ct);

        Assert.Equal(filed.Description, again.Description);
        Assert.Single(await _storage.Cases.FindByCedulaAsync(filed.Cedula, _ct));
    }

    [Fact]
    public async Task A_case_number_used_by_another_filing_is_refused()
    {
        var filed = EmbeddedStorage.SampleCase();
        await _storage.Cases.CreateAsync(filed, _ct);

        var other = EmbeddedStorage.SampleCase(caseNumber: filed.CaseNumber.ToLowerInvariant(), cedula: "0926687856");

        await Assert.ThrowsAsync<DuplicateCaseNumberException>(() => _storage.Cases.CreateAsync(other, _ct));
        Assert.Empty(await _storage.Cases.FindByCedulaAsync("0926687856", _ct));
    }

    [Fact]
    public async Task Case_numbers_are_found_whatever_the_case_and_hyphens_typed()
    {
        var filed = EmbeddedStorage.SampleCase();
        await _storage.Cases.CreateAsync(filed, _ct);
        var typed = filed.CaseNumber.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant();

        var read = await _storage.Cases.GetAsync(typed, _ct);

        Assert.Equal(filed.CaseNumber, read?.CaseNumber);
    }

    [Fact]
    public async Task A_lower_case_number_is_stored_in_canonical_upper_case()
    {
        var number = CaseNumber.New(CaseType.Denuncia).Value;
        var created = await _storage.Cases.CreateAsync(EmbeddedStorage.SampleCase(caseNumber: number.ToLowerInvariant()), _ct);

        Assert.Equal(number, created.CaseNumber);
        Assert.Equal(number, (await _storage.Cases.GetAsync(number, _ct))?.CaseNumber);
    }

    [Fact]
    public async Task An_unknown_case_number_is_not_found()
    {
        Assert.Null(await _storage.Cases.GetAsync(CaseNumber.New(CaseType.Queja).Value, _ct));
        Assert.Null(await _storage.Cases.GetAsync("no es un número", _ct));
    }

    [Fact]
    public async Task Cases_are_found_by_cedula_and_only_that_cedula()
    {
        var first = await _storage.Cases.CreateAsync(EmbeddedStorage.SampleCase(cedula: "1710034065"), _ct);
        var second = await _storage.Cases.CreateAsync(EmbeddedStorage.SampleCase(cedula: "1710034065") with { FiledAt = first.FiledAt.AddDays(1) }, _ct);
        await _storage.Cases.CreateAsync(EmbeddedStorage.SampleCase(cedula: "0926687856"), _ct);

        var found = await _storage.Cases.FindByCedulaAsync(" 171003406-5 ", _ct);

        Assert.Equal([first.CaseNumber, second.CaseNumber], found.Select(c => c.CaseNumber));
        Assert.Empty(await _storage.Cases.FindByCedulaAsync("1712345678", _ct));
    }

    [Fact]
    public async Task Concurrent_creates_of_one_filing_store_it_once()
    {
        var filed = EmbeddedStorage.SampleCase();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => _storage.Cases.CreateAsync(filed, _ct), _ct)));

        Assert.All(results, r => Assert.Equal(filed.FilingId, r.FilingId));
        Assert.Single(await _storage.Cases.FindByCedulaAsync(filed.Cedula, _ct));
    }

    [Fact]
    public async Task Work_in_the_case_transaction_is_rolled_back_with_the_case()
    {
        var filed = EmbeddedStorage.SampleCase();

        await Assert.ThrowsAsync<InvalidOperationException>(() => _storage.Cases.CreateAsync(
            filed, (_, _, _) => throw new InvalidOperationException("outbox failed"), _ct));

        Assert.Null(await _storage.Cases.GetAsync(filed.CaseNumber, _ct));
    }

    private static void AssertSameCase(FiledCase expected, FiledCase actual)
    {
        // Records with lists compare lists by reference: compare the evidence separately.
        Assert.Equal(expected with { Evidence = [] }, actual with { Evidence = [] });
        Assert.Equal(expected.Evidence, actual.Evidence);
    }
}
