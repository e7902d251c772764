using IessBot.Cases;
using IessBot.Staff;

namespace IessBot.Tests.Storage;

/// <summary>What every staff account store must do (run against each provider): case-insensitive names, replace on save, list.</summary>
public abstract class StaffAccountStoreContract : StorageContract
{
    private static readonly DateTimeOffset Created = new(2026, 3, 2, 19, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_account_is_found_by_its_name_in_any_case_and_reads_back_whole()
    {
        var account = Account("Ana.Torres", [StaffRoles.QuejasSalud, StaffRoles.Supervisor]) with { FailedAttempts = 2, LockedUntil = Created.AddMinutes(15) };

        await Storage.StaffAccounts.SaveAsync(account, Ct);
        var found = await Storage.StaffAccounts.FindAsync("ANA.TORRES", Ct);

        Assert.NotNull(found);
        Assert.Equal(account with { UserName = "ana.torres", Roles = [] }, found with { Roles = [] });
        Assert.Equal([StaffRoles.QuejasSalud, StaffRoles.Supervisor], found.Roles);
        Assert.Null(await Storage.StaffAccounts.FindAsync("luis.mora", Ct));
    }

    [Fact]
    public async Task Saving_an_account_again_replaces_it()
    {
        await Storage.StaffAccounts.SaveAsync(Account("ana.torres", [StaffRoles.QuejasSalud]), Ct);

        await Storage.StaffAccounts.SaveAsync(Account("ANA.torres", [StaffRoles.Denuncias]) with { PasswordHash = "AQAAAAIAAYagAAAAEnuevo", FailedAttempts = 0 }, Ct);

        var found = await Storage.StaffAccounts.FindAsync("ana.torres", Ct);
        Assert.Equal(("AQAAAAIAAYagAAAAEnuevo", StaffRoles.Denuncias), (found?.PasswordHash, Assert.Single(found!.Roles)));
        Assert.Null(found.LockedUntil);
        Assert.Single(await Storage.StaffAccounts.ListAsync(Ct));
    }

    [Fact]
    public async Task Every_account_is_listed_once()
    {
        await Storage.StaffAccounts.SaveAsync(Account("luis.mora", [StaffRoles.Denuncias]), Ct);
        await Storage.StaffAccounts.SaveAsync(Account("Ana.Torres", [StaffRoles.QuejasSalud]), Ct);
        await Storage.StaffAccounts.SaveAsync(Account("auditora", [StaffRoles.Auditor]), Ct);

        var all = await Storage.StaffAccounts.ListAsync(Ct);

        Assert.Equal(["ana.torres", "auditora", "luis.mora"], all.Select(a => a.UserName).Order(StringComparer.Ordinal));
        Assert.Equal([StaffRoles.Auditor], all.Single(a => a.UserName == "auditora").Roles);
    }

    private static StaffAccount Account(string userName, IReadOnlyList<string> roles) =>
        new(userName, "Ana Torres", roles, "AQAAAAIAAYagAAAAEhash", 0, null, Created);
}
