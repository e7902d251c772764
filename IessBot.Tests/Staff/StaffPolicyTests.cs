using IessBot.Cases;
using IessBot.Staff;
using IessBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;

namespace IessBot.Tests.Staff;

public sealed class StaffPolicyTests
{
    public static TheoryData<string, string, bool> Matrix()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var role in StaffRoles.All)
        {
            data.Add(role, StaffPolicies.Staff, true);
            data.Add(role, StaffPolicies.CaseWork, role != StaffRoles.Auditor);
            data.Add(role, StaffPolicies.Statistics, role is StaffRoles.Supervisor or StaffRoles.Denuncias);
            data.Add(role, StaffPolicies.AuditTrail, role == StaffRoles.Auditor);
            foreach (var other in StaffRoles.All)
            {
                data.Add(role, StaffPolicies.Role(other), role == other);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_policy_admits_exactly_its_roles(string role, string policy, bool admitted)
    {
        await using var host = await TestBotHost.StartAsync();
        var authorization = host.Services.GetRequiredService<IAuthorizationService>();
        var user = StaffPrincipal.Create("ana", "Ana", [role], StaffAuthentication.CookieScheme);

        var result = await authorization.AuthorizeAsync(user, policy);

        Assert.Equal(admitted, result.Succeeded);
    }

    [Fact]
    public void The_actor_carries_id_name_and_only_staff_roles()
    {
        var user = StaffPrincipal.Create("ana.salud", "Ana Salud", [StaffRoles.QuejasSalud, "administrador", StaffRoles.Supervisor], StaffAuthentication.CookieScheme);

        var actor = user.GetStaffActor();

        Assert.Equal("ana.salud", actor.Id);
        Assert.Equal("Ana Salud", actor.Name);
        Assert.Equal(new HashSet<string> { StaffRoles.QuejasSalud, StaffRoles.Supervisor }, actor.Roles);
        Assert.Null(new System.Security.Claims.ClaimsPrincipal().TryGetStaffActor());
        Assert.Throws<InvalidOperationException>(() => new System.Security.Claims.ClaimsPrincipal().GetStaffActor());
    }
}
