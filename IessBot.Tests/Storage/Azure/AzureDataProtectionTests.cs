using System.Net;
using System.Security.Cryptography;
using IessBot.Cases;
using IessBot.Staff;
using IessBot.Storage;
using IessBot.Storage.Azure;
using IessBot.Tests.Infrastructure;
using IessBot.Tests.Staff.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace IessBot.Tests.Storage.Azure;

/// <summary>
/// With <c>Storage:Provider = Azure</c> every instance reads Data Protection's key ring from Cosmos DB, so a staff
/// session (and antiforgery token) issued by one instance behind the load balancer is good on the others.
/// </summary>
[Collection(AzureStandInsCollection.Name)]
public sealed class AzureDataProtectionTests(AzureStandInsFixture fixture)
{
    private readonly string _database = "dpkeys-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
    private readonly string _evidence = "evidence-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
    private readonly string _key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task A_session_signed_in_on_one_instance_is_accepted_and_can_post_forms_on_another()
    {
        var settings = fixture.StandIns.AppSettings(_database, _evidence, _key);
        await using var first = await TestBotHost.StartAsync(settings);
        await using var second = await TestBotHost.StartAsync(settings);
        using var browser = await StaffBrowser.SignInAsync(first, "ana.salud", StaffRoles.QuejasSalud);
        using var onSecond = DataProtectionKeyTests.ClientWithCookies(second, browser);

        using var response = await onSecond.GetAsync("/staff");

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/staff on the second instance answered {(int)response.StatusCode} {response.Headers.Location}");
        var ring = Assert.IsType<LazyXmlRepository>(second.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        Assert.IsType<CosmosXmlRepository>(ring.Inner);
        // A form of the first instance (its antiforgery cookie and token) posted to the second one passes its check.
        var token = StaffBrowser.ReadAntiforgeryToken(await browser.GetPageAsync("/staff/cuenta/salir"));
        Assert.NotNull(token);
        using var form = new FormUrlEncodedContent([new(StaffBrowser.AntiforgeryFieldName, token)]);
        using var signOut = await onSecond.PostAsync("/staff/cuenta/salir", form);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.EndsWith(StaffAuthentication.SignedOutPath, signOut.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_ring_documents_hold_each_key_encrypted_with_the_master_key_only()
    {
        await using (var host = await TestBotHost.StartAsync(fixture.StandIns.AppSettings(_database, _evidence, _key)))
        {
            using var browser = await StaffBrowser.SignInAsync(host, "ana.salud", StaffRoles.QuejasSalud);
        }

        var documents = await KeyRingDocumentsAsync();
        Assert.NotEmpty(documents);
        Assert.All(documents, xml =>
        {
            Assert.StartsWith("<key ", xml, StringComparison.Ordinal);
            Assert.Contains($"<{MasterKeyXmlEncryptor.ElementName} ", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }

    private async Task<List<string>> KeyRingDocumentsAsync()
    {
        using var cosmos = new CosmosClient(fixture.StandIns.CosmosConnectionString, new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            LimitToEndpoint = true,
            UseSystemTextJsonSerializerWithOptions = CosmosJson.SdkOptions,
        });
        var container = cosmos.GetContainer(_database, new AzureStorageOptions().StaffContainer);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.kind = @kind").WithParameter("@kind", CosmosXmlRepository.Kind);
        var documents = new List<string>();
        using var feed = container.GetItemQueryIterator<DataProtectionKeyItem>(
            query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(CosmosXmlRepository.Partition) });
        while (feed.HasMoreResults)
        {
            documents.AddRange((await feed.ReadNextAsync()).Select(item => item.Xml));
        }
        return documents;
    }
}
