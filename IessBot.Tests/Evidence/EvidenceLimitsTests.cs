using IessBot.Cases;
using IessBot.Evidence;
using Microsoft.Extensions.Options;

namespace IessBot.Tests.Evidence;

public sealed class EvidenceLimitsTests
{
    [Fact]
    public void The_defaults_are_one_megabyte_for_quejas_twenty_for_denuncias_and_five_files()
    {
        var limits = new EvidenceLimits();

        Assert.Equal(1_048_576, limits.MaxFileBytes(CaseType.Queja));
        Assert.Equal(20_971_520, limits.MaxFileBytes(CaseType.Denuncia));
        Assert.Equal(5, limits.MaxFilesPerCase);
    }

    [Fact]
    public async Task The_limits_are_read_from_the_evidence_settings()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("iessbot-evidence-").FullName;
        await using var app = Program.Build([$"--Storage:Embedded:DataDirectory={dataDirectory}", "--Evidence:MaxQuejaFileBytes=2048", "--Evidence:MaxFilesPerCase=3"]);

        var limits = app.Services.GetRequiredService<IOptions<EvidenceLimits>>().Value;

        Assert.Equal(2048, limits.MaxFileBytes(CaseType.Queja));
        Assert.Equal(20_971_520, limits.MaxFileBytes(CaseType.Denuncia));
        Assert.Equal(3, limits.MaxFilesPerCase);
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_limit_of_zero_stops_the_start()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("iessbot-evidence-").FullName;
        await using var app = Program.Build(["--urls=http://127.0.0.1:0", $"--Storage:Embedded:DataDirectory={dataDirectory}", "--Evidence:MaxFilesPerCase=0"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Evidence:MaxFilesPerCase", error.Message, StringComparison.Ordinal);
        Directory.Delete(dataDirectory, recursive: true);
    }
}
