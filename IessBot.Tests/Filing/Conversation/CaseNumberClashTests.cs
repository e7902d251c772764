using System.Security.Cryptography;
using IessBot.Cases;
using IessBot.Tests.Storage;

namespace IessBot.Tests.Filing.Conversation;

public sealed class CaseNumberClashTests
{
    /// <summary>Gives the same bytes for the first <paramref name="repeats"/> numbers, then random ones.</summary>
    private sealed class RepeatingRandom(int repeats) : RandomNumberGenerator
    {
        private int _calls;

        public override void GetBytes(byte[] data)
        {
            if (_calls++ < repeats)
            {
                Array.Fill(data, (byte)0x5A);
                return;
            }
            Fill(data);
        }
    }

    [Fact]
    public async Task A_case_number_already_taken_is_replaced_and_the_case_is_filed()
    {
        using var harness = new FilingHarness(services => services.AddSingleton(new CaseNumberGenerator(new RepeatingRandom(repeats: 2))));
        var taken = harness.Get<CaseNumberGenerator>().Next(CaseType.Queja).Value;
        await harness.Storage.Cases.CreateAsync(EmbeddedStorage.SampleCase(caseNumber: taken, cedula: "0602910945"), default);
        await harness.WalkToAsync(At.Summary);

        var filed = FilingHarness.CaseNumberIn((await harness.SayAsync("Confirmar"))[0].Text!);

        Assert.NotNull(filed);
        Assert.NotEqual(taken, filed);
        Assert.Contains(harness.Logs.Entries, entry => entry.Message.Contains("already taken", StringComparison.Ordinal));
        Assert.Equal(FilingHarness.Cedula, (await harness.Storage.Cases.GetAsync(filed, default))!.Cedula);
        Assert.Equal("0602910945", (await harness.Storage.Cases.GetAsync(taken, default))!.Cedula);
    }
}
